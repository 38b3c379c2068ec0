package com.genpicz.common.kafka;

import java.time.Duration;
import java.util.List;

/**
 * How one consumer loop runs.
 *
 * @param name            used for the thread, the client id and logs
 * @param groupId         the consumer group; instances with the same group share the partitions
 * @param topics          the topic names to subscribe to
 * @param maxPollRecords  a slow handler wants a small number so one poll's work fits in {@code maxPollInterval}
 * @param maxPollInterval how long one poll's records may take before the group evicts this consumer
 * @param attempts        tries of an event in one go before it is re-polled (transient) or dead-lettered (unknown)
 * @param firstBackoff    wait after the first failed try; doubles per try
 * @param concurrency     how many records of one poll are handled at once (1: one after the other); more lets
 *                        a batching handler such as inference group them
 */
public record ConsumerLoopSettings(
        String name,
        String groupId,
        List<String> topics,
        int maxPollRecords,
        Duration maxPollInterval,
        int attempts,
        Duration firstBackoff,
        int concurrency) {

    public ConsumerLoopSettings {
        topics = List.copyOf(topics);
    }

    public static ConsumerLoopSettings of(String name, String groupId, List<String> topics) {
        return new ConsumerLoopSettings(name, groupId, topics, 100, Duration.ofMinutes(5), 4, Duration.ofMillis(200), 1);
    }

    public ConsumerLoopSettings withMaxPollRecords(int records) {
        return new ConsumerLoopSettings(name, groupId, topics, records, maxPollInterval, attempts, firstBackoff,
                concurrency);
    }

    /** Handles up to {@code handlers} records of a poll at once; also sets max.poll.records to match. */
    public ConsumerLoopSettings withConcurrency(int handlers) {
        return new ConsumerLoopSettings(name, groupId, topics, handlers, maxPollInterval, attempts, firstBackoff,
                handlers);
    }
}
