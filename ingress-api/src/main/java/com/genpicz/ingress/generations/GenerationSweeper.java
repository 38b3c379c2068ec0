package com.genpicz.ingress.generations;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop behind every other guarantee: a generation still unfinished {@code timeout} after it was accepted
 * is failed with {@code timed_out} (and so refunded), whatever held it up — a record dead-lettered unread, a bug,
 * an outage longer than the bound. The failure goes through the outbox onto the outcomes topic like any other, so
 * the status, the refund and the webhook follow; if the work finishes later, the first outcome still wins.
 * Every ingress instance sweeps; the store's claim makes each generation failed once.
 */
public final class GenerationSweeper {

    private static final Logger log = LoggerFactory.getLogger(GenerationSweeper.class);
    private static final int BATCH = 200;

    private final GenerationStore store;
    private final OutboxRelay relay;
    private final TopicCatalog topics;
    private final EventCodec codec;
    private final Duration timeout;
    private final Clock clock;

    public GenerationSweeper(GenerationStore store, OutboxRelay relay, TopicCatalog topics, EventCodec codec,
                             Duration timeout, Clock clock) {
        this.store = store;
        this.relay = relay;
        this.topics = topics;
        this.codec = codec;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Fails every generation past the bound; returns how many. */
    public int sweep() {
        Instant olderThan = clock.instant().minus(timeout);
        int total = 0;
        int swept;
        do {
            swept = store.sweepUnfinished(olderThan, BATCH, this::timedOut);
            total += swept;
        } while (swept == BATCH);
        if (total > 0) {
            relay.wake();
            log.warn("event=generations_timed_out count={} timeout={}", total, timeout);
        }
        return total;
    }

    /** For the scheduler: a database that is away now is swept on the next round. */
    public void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("event=sweep_failed reason=\"{}\"", e.toString());
        }
    }

    private OutboxMessage timedOut(GenerationStore.Stuck stuck) {
        GenerationFailed failure = new GenerationFailed(Identifiers.eventId(), stuck.id(), stuck.accountId(),
                clock.instant(), FailureCode.TIMED_OUT, "The generation did not finish within "
                        + timeout.toSeconds() + " seconds; its credits are refunded.", stuck.webhookUrl());
        return OutboxMessage.of(topics.generationOutcomes(), failure, codec);
    }
}
