package com.genpicz.common.kafka;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic on a thread of its own, outside any consumer group and committing nothing,
 * for views that every instance keeps whole: each record goes to the handler, in order per partition.
 */
public final class TopicFollower implements AutoCloseable {

    /** Where following starts. */
    public enum Start {
        /** Everything the topic still holds, e.g. a compacted topic read as a table. */
        BEGINNING,
        /** Only what is written from now on. */
        END
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POSITIONING_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicSpec topic;
    private final Start start;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(KafkaConfig config, String clientId, TopicSpec topic, Start start,
                         Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.consumer = KafkaClients.consumer(config, null, clientId, 500, Duration.ofMinutes(5));
        this.topic = topic;
        this.start = start;
        this.handler = handler;
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    /** Starts following and returns once every partition has its start position. */
    public TopicFollower start() {
        thread.start();
        try {
            if (!positioned.await(POSITIONING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                close();
                throw new IllegalStateException("cannot position on " + topic.name());
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting to follow " + topic.name(), e);
        }
        return this;
    }

    /**
     * Completes exceptionally when following stopped on an error: the view it feeds is then going stale, so its
     * service should stop and be restarted rather than keep answering from it.
     */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            if (start == Start.BEGINNING) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("event=topic_follower_stopped topic={} reason=\"{}\"", topic.name(), e.toString(), e);
            failure.completeExceptionally(e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
