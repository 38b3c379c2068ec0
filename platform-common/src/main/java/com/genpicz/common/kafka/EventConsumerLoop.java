package com.genpicz.common.kafka;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one consumer loop every service uses: poll, decode, handle, commit — offsets are committed only after the
 * handler's side effect, so a crash replays events instead of losing them.
 *
 * <p>Failures are sorted by {@link FailureKind}: transient ones are retried with back-off and, if still failing,
 * the partition is rewound so the event comes back on the next poll; poison ones go to the dead-letter topic;
 * unknown ones get a few tries and then the dead-letter topic; fatal ones stop the loop. {@link #close()} wakes the
 * consumer up and waits for the loop to leave the group.
 *
 * <p>With a concurrency above one, the records of a poll are handled in parallel while the loop keeps polling
 * its paused partitions, so that slow handlers (renders) never exceed the poll interval and get the consumer
 * evicted. Per partition, offsets are committed up to the first record that must be seen again.
 */
public final class EventConsumerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final ConsumerLoopSettings settings;
    private final Consumer<String, byte[]> consumer;
    private final EventCodec codec;
    private final EventHandler handler;
    private final DeadLetterPublisher deadLetters;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Thread thread;
    private final ExecutorService workers;
    private volatile boolean running = true;

    public EventConsumerLoop(ConsumerLoopSettings settings, Consumer<String, byte[]> consumer, EventCodec codec,
                             EventHandler handler, DeadLetterPublisher deadLetters) {
        this.settings = settings;
        this.consumer = consumer;
        this.codec = codec;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, settings.name());
        this.workers = settings.concurrency() > 1
                ? Executors.newFixedThreadPool(settings.concurrency(), runnable -> new Thread(runnable, settings.name() + "-worker"))
                : null;
    }

    public EventConsumerLoop start() {
        thread.start();
        return this;
    }

    /** Completes when the loop ends: normally after {@link #close()}, exceptionally after a fatal failure. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    private void run() {
        Throwable fatal = null;
        try {
            consumer.subscribe(settings.topics());
            while (running) {
                processBatch(consumer.poll(POLL_TIMEOUT));
            }
        } catch (WakeupException e) {
            if (running) {
                fatal = e;
            }
        } catch (RuntimeException | Error e) {
            fatal = e;
            log.error("event=consumer_loop_stopped loop={} reason=\"{}\"", settings.name(), e.toString(), e);
        } finally {
            if (workers != null) {
                workers.shutdown();
            }
            closeConsumer();
            if (fatal == null) {
                stopped.complete(null);
            } else {
                stopped.completeExceptionally(fatal);
            }
        }
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        if (settings.concurrency() > 1 && records.count() > 1) {
            processConcurrently(records);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    if (!running || !process(record)) {
                        consumer.seek(partition, record.offset());
                        break;
                    }
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
        } finally {
            commit(done);
        }
    }

    /** A wakeup (close) may interrupt the commit of work already done: commit once more before leaving. */
    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done);
        } catch (WakeupException e) {
            consumer.commitSync(done);
            throw e;
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved on (rebalance, or this member was too slow): the records are redelivered to the new
            // owner, and idempotent handlers make that harmless.
            log.warn("event=commit_skipped loop={} reason=\"{}\"", settings.name(), e.toString());
        }
    }

    private void processConcurrently(ConsumerRecords<String, byte[]> records) {
        Map<ConsumerRecord<String, byte[]>, Future<Boolean>> outcomes = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            outcomes.put(record, workers.submit(() -> process(record)));
        }
        keepAliveUntilDone(outcomes.values());
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        // A rebalance during the keep-alive polls may have moved partitions away: their records go to the new
        // owner uncommitted, which is safe because handlers are idempotent.
        Set<TopicPartition> stillOwned = consumer.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (!stillOwned.contains(partition)) {
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!succeeded(outcomes.get(record))) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        commit(done);
    }

    /** Polls paused partitions while handlers run: that resets the poll timer without fetching anything new. */
    private void keepAliveUntilDone(Collection<Future<Boolean>> outcomes) {
        Set<TopicPartition> paused = consumer.assignment();
        consumer.pause(paused);
        try {
            for (Future<Boolean> outcome : outcomes) {
                while (!waitBriefly(outcome)) {
                    consumer.poll(Duration.ZERO);
                }
            }
        } finally {
            Set<TopicPartition> resumable = new HashSet<>(paused);
            resumable.retainAll(consumer.assignment());
            consumer.resume(resumable);
        }
    }

    private static boolean waitBriefly(Future<Boolean> outcome) {
        try {
            outcome.get(1, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static boolean succeeded(Future<Boolean> outcome) {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FatalEventException fatal) {
                throw fatal;
            }
            throw new FatalEventException("handler failed outside its error handling", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Returns false when the record must be seen again later. */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        MDC.put("generation_id", String.valueOf(record.key()));
        try {
            GenerationEvent event;
            try {
                event = codec.decode(record.headers(), record.value());
            } catch (RuntimeException e) {
                return deadLetter(record, e);
            }
            return handleWithRetries(record, event);
        } finally {
            MDC.remove("generation_id");
        }
    }

    private boolean handleWithRetries(ConsumerRecord<String, byte[]> record, GenerationEvent event) {
        Duration backoff = settings.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(event);
                return true;
            } catch (Exception e) {
                FailureKind kind = FailureKind.of(e);
                switch (kind) {
                    case FATAL -> throw new FatalEventException(
                            settings.name() + " cannot go on after " + event.type() + " " + event.generationId(), e);
                    case POISON -> {
                        return deadLetter(record, e);
                    }
                    default -> {
                        log.warn("event=handler_failed loop={} type={} generation_id={} attempt={} kind={} reason=\"{}\"",
                                settings.name(), event.type(), event.generationId(), attempt, kind, e.toString());
                        if (attempt >= settings.attempts()) {
                            if (kind == FailureKind.UNKNOWN) {
                                return deadLetter(record, e);
                            }
                            return false;
                        }
                    }
                }
            }
            if (!pause(backoff)) {
                return false;
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Returns false when the dead-letter topic could not be written either, so the record is tried again later. */
    private boolean deadLetter(ConsumerRecord<String, byte[]> record, Throwable failure) {
        log.error("event=dead_lettered loop={} origin={}/{}@{} generation_id={} reason=\"{}\"", settings.name(),
                record.topic(), record.partition(), record.offset(), record.key(), failure.toString());
        try {
            deadLetters.send(record, settings.name(), failure);
            return true;
        } catch (RetriableEventException e) {
            log.warn("event=dead_letter_failed loop={} reason=\"{}\"", settings.name(), e.toString());
            return false;
        }
    }

    private boolean pause(Duration backoff) {
        try {
            TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void closeConsumer() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("event=consumer_close_failed loop={} reason=\"{}\"", settings.name(), e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
