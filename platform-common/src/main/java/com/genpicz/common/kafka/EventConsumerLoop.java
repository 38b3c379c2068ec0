package com.genpicz.common.kafka;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.InvalidEventException;
import com.genpicz.common.failures.EventFailure;
import com.genpicz.common.failures.FailureKind;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.tracing.TraceHeaders;
import com.genpicz.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one consumer loop every service uses. One thread owns the consumer and only polls, dispatches and commits;
 * handlers run on {@code concurrency} worker threads. The rules, after Kafka's own consumer and reactor-kafka:
 *
 * <ul>
 *   <li><b>Nothing returned by a poll is dropped.</b> Every record becomes a piece of work tracked until it is
 *       finished or its partition leaves this member.</li>
 *   <li><b>One key at a time, in order.</b> Records of one key (one generation) run one after the other in the
 *       order they were polled; different keys run in parallel, so a batching handler gets company.</li>
 *   <li><b>Commit after the side effect.</b> Per partition, the committed offset only moves past a record once it
 *       and every record before it finished; a record that must be seen again holds the offset back.</li>
 *   <li><b>Pause what cannot be processed yet.</b> With more unfinished work than the buffer allows, every
 *       assigned partition is paused, including partitions assigned while paused; the loop keeps polling, so the
 *       member stays in the group however slow the handlers.</li>
 *   <li><b>Rebalances hand over cleanly.</b> On revocation, work not started yet is cancelled, running work gets
 *       up to {@code revocationGrace} to finish, and what finished is committed synchronously before the
 *       partition moves; unfinished work is left for the new owner, never committed past. Lost partitions
 *       (this member was evicted) are dropped without a commit.</li>
 * </ul>
 *
 * <p>Failures arrive classified ({@link FailureKind}): transient ones are retried with capped back-off for as
 * long as the partition stays here; abandoned ones (shutdown) are left uncommitted; unknown ones get a few tries
 * and poison ones none before the record is given up ({@link GiveUps}: dead-lettered and, in pipeline stages, its
 * generation failed); fatal ones stop the loop, and the process exits so the orchestrator restarts it.
 */
public final class EventConsumerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventConsumerLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /** While work runs the loop polls often, so a finished record's successor starts and commits promptly. */
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    /**
     * Finished work is committed at most this often (and always on revocation and close): a commit per 10 ms poll
     * cost the broker more than the records did at a few hundred a second (bench/webhooks), and a crash only
     * replays this much more to idempotent handlers.
     */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final long BACKOFF_SLICE_MILLIS = 50;

    private final ConsumerLoopSettings settings;
    private final Consumer<String, byte[]> consumer;
    private final EventCodec codec;
    private final EventHandler handler;
    private final GiveUps giveUps;
    private final ExecutorService workers;
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final ConsumerLoopMetrics metrics;
    private final Tracer tracer;
    private final String spanName;
    private long lastCommit = System.nanoTime();
    private final BlockingQueue<Work> finished = new LinkedBlockingQueue<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean running = true;

    // Owned by the consumer thread.
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private final Map<String, ArrayDeque<Work>> byKey = new HashMap<>();
    private int unfinished;
    private boolean paused;
    private Throwable fatal;

    public EventConsumerLoop(ConsumerLoopSettings settings, Consumer<String, byte[]> consumer, EventCodec codec,
                             EventHandler handler, GiveUps giveUps) {
        this(settings, consumer, codec, handler, giveUps, ConsumerLoopMetrics.unobserved(settings.name()));
    }

    public EventConsumerLoop(ConsumerLoopSettings settings, Consumer<String, byte[]> consumer, EventCodec codec,
                             EventHandler handler, GiveUps giveUps, ConsumerLoopMetrics metrics) {
        this(settings, consumer, codec, handler, giveUps, metrics, Tracing.none().tracer());
    }

    /** @param tracer starts one consumer span per record, a child of the trace context its headers carry */
    public EventConsumerLoop(ConsumerLoopSettings settings, Consumer<String, byte[]> consumer, EventCodec codec,
                             EventHandler handler, GiveUps giveUps, ConsumerLoopMetrics metrics, Tracer tracer) {
        this.settings = settings;
        this.metrics = metrics;
        this.tracer = tracer;
        this.spanName = settings.name() + " process";
        this.consumer = consumer;
        this.codec = codec;
        this.handler = handler;
        this.giveUps = giveUps;
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread worker = new Thread(runnable, settings.name() + "-worker");
            worker.setDaemon(true);
            return worker;
        });
        this.thread = new Thread(this::run, settings.name());
    }

    /** A loop that only dead-letters what it gives up on. */
    public EventConsumerLoop(ConsumerLoopSettings settings, Consumer<String, byte[]> consumer, EventCodec codec,
                             EventHandler handler, DeadLetterPublisher deadLetters) {
        this(settings, consumer, codec, handler, GiveUps.deadLetterOnly(deadLetters));
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
        Throwable failure = null;
        try {
            consumer.subscribe(settings.topics(), new Rebalance());
            while (running && fatal == null) {
                accept(consumer.poll(unfinished == 0 ? IDLE_POLL : BUSY_POLL));
                settleFinished();
                commitFinished();
                controlFlow();
            }
            failure = fatal;
        } catch (WakeupException e) {
            failure = running ? e : null;
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            running = false;
            shutDown();
            if (failure == null) {
                stopped.complete(null);
            } else {
                log.error("event=consumer_loop_stopped loop={} reason=\"{}\"", settings.name(), failure.toString(),
                        failure);
                stopped.completeExceptionally(failure);
            }
        }
    }

    private void accept(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            PartitionWork owner = partitions.computeIfAbsent(partition, PartitionWork::new);
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                Work work = new Work(record, owner);
                owner.inOrder.add(work);
                unfinished++;
                ArrayDeque<Work> sameKey = byKey.computeIfAbsent(work.key, key -> new ArrayDeque<>());
                sameKey.add(work);
                if (sameKey.size() == 1) {
                    submit(work);
                }
            }
        }
    }

    private void submit(Work work) {
        workers.execute(() -> {
            if (!work.start()) {
                return;
            }
            long started = System.nanoTime();
            try {
                work.outcome = process(work);
            } catch (Throwable e) {
                work.failure = e;
                work.outcome = Outcome.FATAL;
            } finally {
                observe(work, System.nanoTime() - started);
                work.finish();
                finished.add(work);
            }
        });
    }

    private void observe(Work work, long nanos) {
        switch (work.outcome) {
            case DONE -> {
                if (work.givenUp) {
                    metrics.givenUp(nanos);
                } else {
                    metrics.handled(nanos);
                }
            }
            case ABANDONED -> metrics.abandoned();
            default -> metrics.fatal();
        }
    }

    private void settleFinished() {
        for (Work work = finished.poll(); work != null; work = finished.poll()) {
            settle(work);
        }
    }

    /** A finished record lets the next record of its key start. */
    private void settle(Work work) {
        unfinished--;
        removeFromKeyQueue(work);
        if (work.outcome == Outcome.FATAL && fatal == null) {
            fatal = work.failure;
        }
    }

    private void removeFromKeyQueue(Work work) {
        ArrayDeque<Work> sameKey = byKey.get(work.key);
        if (sameKey == null) {
            return;
        }
        boolean wasHead = sameKey.peekFirst() == work;
        sameKey.remove(work);
        if (sameKey.isEmpty()) {
            byKey.remove(work.key);
        } else if (wasHead) {
            submit(sameKey.peekFirst());
        }
    }

    private void commitFinished() {
        long now = System.nanoTime();
        if (now - lastCommit < COMMIT_INTERVAL_NANOS) {
            return;
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = advancedOffsets(partitions.values(), false);
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    // A later commit (at the latest the synchronous one on revocation) covers these offsets.
                    log.warn("event=commit_failed loop={} reason=\"{}\"", settings.name(), error.toString());
                }
            });
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> advancedOffsets(Collection<PartitionWork> owned, boolean all) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWork partition : owned) {
            long before = partition.committed;
            long next = partition.advance();
            if (next >= 0 && (all || next > before)) {
                offsets.put(partition.partition, new OffsetAndMetadata(next));
                partition.committed = next;
            }
        }
        return offsets;
    }

    private void controlFlow() {
        boolean full = unfinished >= settings.bufferLimit();
        if (full && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (!full && paused) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    /** Partitions leaving this member: cancel what has not started, let running work finish, commit what did. */
    private void release(Collection<TopicPartition> leaving, boolean commit) {
        List<PartitionWork> released = new ArrayList<>();
        for (TopicPartition partition : leaving) {
            PartitionWork work = partitions.remove(partition);
            if (work != null) {
                work.revoked = true;
                released.add(work);
            }
        }
        released.forEach(this::cancelQueued);
        if (!commit || released.isEmpty()) {
            return;
        }
        awaitRunning(released);
        commitNow(advancedOffsets(released, true));
    }

    private void cancelQueued(PartitionWork partition) {
        for (Work work : partition.inOrder) {
            if (work.cancel()) {
                unfinished--;
                removeFromKeyQueue(work);
            }
        }
    }

    private void awaitRunning(List<PartitionWork> released) {
        long deadline = System.nanoTime() + settings.revocationGrace().toNanos();
        while (released.stream().anyMatch(PartitionWork::hasRunningWork)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("event=revocation_grace_over loop={} note=\"unfinished records go to the next owner\"",
                        settings.name());
                return;
            }
            try {
                Work work = finished.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (work != null) {
                    settle(work);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // close() woke the consumer while it committed: the commit still matters more.
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group already moved on; the new owner starts from the last commit that got through.
            log.warn("event=commit_skipped loop={} reason=\"{}\"", settings.name(), e.toString());
        }
    }

    private void shutDown() {
        try {
            release(new ArrayList<>(partitions.keySet()), true);
        } catch (KafkaException e) {
            log.warn("event=final_commit_failed loop={} reason=\"{}\"", settings.name(), e.toString());
        }
        workers.shutdownNow();
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("event=consumer_close_failed loop={} reason=\"{}\"", settings.name(), e.toString());
        }
    }

    // ---- Worker side ----

    /** Handles one record in a span of its own, which the events it leads to carry on in their headers. */
    private Outcome process(Work work) {
        ConsumerRecord<String, byte[]> record = work.record;
        Span span = tracer.spanBuilder(spanName).setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceHeaders.extract(record.headers()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("generation.id", String.valueOf(record.key()))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            if (span.getSpanContext().isValid()) {
                MDC.put("trace_id", span.getSpanContext().getTraceId());
                MDC.put("span_id", span.getSpanContext().getSpanId());
            }
            return decodeAndHandle(work);
        } finally {
            span.end();
            MDC.remove("trace_id");
            MDC.remove("span_id");
        }
    }

    /** Decodes and handles one record; returns how it ended. */
    private Outcome decodeAndHandle(Work work) {
        MDC.put("generation_id", String.valueOf(work.record.key()));
        try {
            GenerationEvent event;
            try {
                event = codec.decode(work.record.headers(), work.record.value());
            } catch (InvalidEventException e) {
                return giveUp(work, e.event(), e);
            } catch (RuntimeException e) {
                return giveUp(work, null, e);
            }
            MDC.put("event_id", event.eventId());
            MDC.put("account_id", event.accountId());
            return handleWithRetries(work, event);
        } finally {
            MDC.remove("generation_id");
            MDC.remove("event_id");
            MDC.remove("account_id");
        }
    }

    private Outcome handleWithRetries(Work work, GenerationEvent event) {
        Duration backoff = settings.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            if (!mayContinue(work)) {
                return Outcome.ABANDONED;
            }
            try {
                handler.handle(event);
                return Outcome.DONE;
            } catch (Exception e) {
                FailureKind kind = FailureKind.of(e);
                if (kind == FailureKind.FATAL) {
                    work.failure = new FatalEventException(
                            settings.name() + " cannot go on after " + event.type() + " " + event.generationId(), e);
                    return Outcome.FATAL;
                }
                if (kind == FailureKind.POISON) {
                    return giveUp(work, event, e);
                }
                if (kind == FailureKind.ABANDONED && !mayContinue(work)) {
                    return Outcome.ABANDONED;
                }
                log.warn("event=handler_failed loop={} type={} generation_id={} attempt={} kind={} reason=\"{}\"",
                        settings.name(), event.type(), event.generationId(), attempt, kind, e.toString());
                if (kind == FailureKind.UNKNOWN && attempt >= settings.attempts()) {
                    // Shutting down or revoked: the next owner tries again rather than the generation failing here.
                    return mayContinue(work) ? giveUp(work, event, e) : Outcome.ABANDONED;
                }
                metrics.retried();
            }
            if (!backOff(backoff, work)) {
                return Outcome.ABANDONED;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Gives the record up; if even that cannot be published (Kafka away), keeps trying while the record is ours. */
    private Outcome giveUp(Work work, GenerationEvent event, Throwable failure) {
        work.givenUp = true;
        ConsumerRecord<String, byte[]> record = work.record;
        log.error("event=given_up loop={} origin={}/{}@{} generation_id={} reason=\"{}\"", settings.name(),
                record.topic(), record.partition(), record.offset(), record.key(), failure.toString());
        Duration backoff = settings.firstBackoff();
        while (true) {
            try {
                giveUps.giveUp(record, event, failure, settings.name());
                return Outcome.DONE;
            } catch (EventFailure e) {
                if (e.kind() == FailureKind.FATAL) {
                    work.failure = e;
                    return Outcome.FATAL;
                }
                log.warn("event=give_up_failed loop={} reason=\"{}\"", settings.name(), e.toString());
            }
            if (!backOff(backoff, work)) {
                return Outcome.ABANDONED;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private boolean mayContinue(Work work) {
        return running && !work.owner.revoked && !Thread.currentThread().isInterrupted();
    }

    /** Waits out a back-off in slices, so that a revocation or shutdown ends the wait early. */
    private boolean backOff(Duration backoff, Work work) {
        long end = System.nanoTime() + backoff.toNanos();
        try {
            while (mayContinue(work)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(BACKOFF_SLICE_MILLIS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** True once {@link #requestStop()} or {@link #close()} was called. */
    public boolean isStopping() {
        return closing.get();
    }

    /** Asks the loop to stop without waiting for it: several loops then hand over their partitions at once. */
    public void requestStop() {
        if (closing.compareAndSet(false, true)) {
            running = false;
            consumer.wakeup();
        }
    }

    /** Stops polling, lets running handlers finish within the revocation grace, commits, and leaves the group. */
    @Override
    public void close() {
        requestStop();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(settings.revocationGrace().plusSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition partition : assigned) {
                partitions.put(partition, new PartitionWork(partition));
            }
            if (paused && !assigned.isEmpty()) {
                // A partition assigned while the buffer is full must not be fetched until there is room.
                consumer.pause(assigned);
            }
            if (!assigned.isEmpty()) {
                log.info("event=partitions_assigned loop={} partitions={}", settings.name(), assigned);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (!revoked.isEmpty()) {
                log.info("event=partitions_revoked loop={} partitions={}", settings.name(), revoked);
                release(revoked, true);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            log.warn("event=partitions_lost loop={} partitions={}", settings.name(), lost);
            release(lost, false);
        }
    }

    /** How a record's handling ended. */
    private enum Outcome { DONE, ABANDONED, FATAL }

    /** One partition while it is assigned here: its records in offset order, until each is finished and committed. */
    private static final class PartitionWork {
        final TopicPartition partition;
        final ArrayDeque<Work> inOrder = new ArrayDeque<>();
        volatile boolean revoked;
        long committed = -1;
        long next = -1;

        PartitionWork(TopicPartition partition) {
            this.partition = partition;
        }

        /** Drops the leading records that finished well and returns the offset to commit, -1 if none yet. */
        long advance() {
            while (!inOrder.isEmpty() && inOrder.peekFirst().isDone()) {
                next = inOrder.pollFirst().record.offset() + 1;
            }
            return next;
        }

        boolean hasRunningWork() {
            return inOrder.stream().anyMatch(Work::isRunning);
        }
    }

    /** One polled record on its way through a worker. */
    private static final class Work {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int FINISHED = 2;
        private static final int CANCELLED = 3;

        final ConsumerRecord<String, byte[]> record;
        final PartitionWork owner;
        final String key;
        private final java.util.concurrent.atomic.AtomicInteger state =
                new java.util.concurrent.atomic.AtomicInteger(QUEUED);
        volatile Outcome outcome;
        volatile Throwable failure;
        volatile boolean givenUp;

        Work(ConsumerRecord<String, byte[]> record, PartitionWork owner) {
            this.record = record;
            this.owner = owner;
            // Records without a key keep their partition's order among themselves.
            this.key = record.key() != null ? record.key() : "\0" + owner.partition;
        }

        boolean start() {
            return state.compareAndSet(QUEUED, RUNNING);
        }

        boolean cancel() {
            return state.compareAndSet(QUEUED, CANCELLED);
        }

        void finish() {
            state.set(FINISHED);
        }

        boolean isRunning() {
            return state.get() == RUNNING;
        }

        boolean isDone() {
            return state.get() == FINISHED && outcome == Outcome.DONE;
        }
    }
}
