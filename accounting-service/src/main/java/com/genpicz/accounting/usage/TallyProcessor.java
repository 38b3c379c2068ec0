package com.genpicz.accounting.usage;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.EventDecodingException;
import com.genpicz.common.events.GenerationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link GenerationTally} per generation (records arrive keyed by generation id) and sends on, keyed by
 * account and period, the change each event made to its account's usage: one record for the day, one for the month.
 */
final class TallyProcessor implements Processor<String, byte[], String, Usage> {

    private static final Logger log = LoggerFactory.getLogger(TallyProcessor.class);
    /** Longer than any input topic keeps its events, so a replayed event still finds its tally. */
    static final Duration KEEP_FINISHED = Duration.ofDays(31);
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final EventCodec codec = new EventCodec();
    private final String storeName;
    private ProcessorContext<String, Usage> context;
    private KeyValueStore<String, GenerationTally> tallies;

    TallyProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, Usage> context) {
        this.context = context;
        this.tallies = context.getStateStore(storeName);
        context.schedule(SWEEP_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> forgetFinished(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        GenerationEvent event = decode(record);
        if (event == null || !GenerationTally.reads(event)) {
            return;
        }
        GenerationTally before = tallies.get(event.generationId());
        if (before == null) {
            before = GenerationTally.unknown();
        }
        GenerationTally after = before.with(event);
        if (after.equals(before)) {
            return;
        }
        tallies.put(event.generationId(), after);
        Usage change = after.contribution().minus(before.contribution());
        if (change.isEmpty()) {
            return;
        }
        for (UsagePeriod period : UsagePeriod.values()) {
            String start = period.start(after.requestedAt());
            context.forward(new Record<>(period.key(after.accountId(), after.requestedAt()),
                    change.in(after.accountId(), period, start), record.timestamp()));
        }
    }

    /**
     * Events that cannot be read or break the contract (InvalidEventException is one kind) are the pipeline's to dead-letter; counting them would let a
     * forged event move an account's usage, so they are skipped here.
     */
    private GenerationEvent decode(Record<String, byte[]> record) {
        try {
            return codec.decode(record.headers(), record.value());
        } catch (EventDecodingException e) {
            log.warn("event=usage_event_skipped key={} reason={}", record.key(), e.getMessage());
            return null;
        }
    }

    private void forgetFinished(Instant now) {
        Instant cutoff = now.minus(KEEP_FINISHED);
        List<String> finished = new ArrayList<>();
        try (KeyValueIterator<String, GenerationTally> all = tallies.all()) {
            while (all.hasNext()) {
                KeyValue<String, GenerationTally> entry = all.next();
                if (entry.value.forgettableBefore(cutoff)) {
                    finished.add(entry.key);
                }
            }
        }
        finished.forEach(tallies::delete);
    }
}
