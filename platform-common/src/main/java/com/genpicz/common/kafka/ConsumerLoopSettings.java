package com.genpicz.common.kafka;

import java.time.Duration;
import java.util.List;

/**
 * How one consumer loop runs.
 *
 * @param name             used for the threads, the client id and logs
 * @param groupId          the consumer group; instances with the same group share the partitions
 * @param topics           the topic names to subscribe to
 * @param maxPollRecords   how many records one poll may return
 * @param maxPollInterval  how long the loop may go without polling before the group evicts it; the loop polls all
 *                         the time, so this only bounds the revocation grace
 * @param attempts         tries of an event that fails for an unknown reason before it is given up
 * @param firstBackoff     wait after the first failed try; doubles per try up to 5 s
 * @param concurrency      how many records (of different keys) are handled at once; more lets a batching handler
 *                         such as inference group them
 * @param revocationGrace  how long running handlers of a revoked partition may take to finish before the
 *                         partition moves on without them (their records then go to the new owner)
 */
public record ConsumerLoopSettings(
        String name,
        String groupId,
        List<String> topics,
        int maxPollRecords,
        Duration maxPollInterval,
        int attempts,
        Duration firstBackoff,
        int concurrency,
        Duration revocationGrace) {

    public ConsumerLoopSettings {
        topics = List.copyOf(topics);
        if (concurrency < 1 || maxPollRecords < 1 || attempts < 1) {
            throw new IllegalArgumentException("concurrency, maxPollRecords and attempts must be at least 1");
        }
        if (revocationGrace.compareTo(maxPollInterval.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("revocationGrace must be at most half of maxPollInterval, or the "
                    + "group evicts the member while it hands over");
        }
    }

    public ConsumerLoopSettings(String name, String groupId, List<String> topics, int maxPollRecords,
                                Duration maxPollInterval, int attempts, Duration firstBackoff, int concurrency) {
        this(name, groupId, topics, maxPollRecords, maxPollInterval, attempts, firstBackoff, concurrency,
                maxPollInterval.dividedBy(2).compareTo(Duration.ofSeconds(30)) < 0
                        ? maxPollInterval.dividedBy(2) : Duration.ofSeconds(30));
    }

    public static ConsumerLoopSettings of(String name, String groupId, List<String> topics) {
        return new ConsumerLoopSettings(name, groupId, topics, 100, Duration.ofMinutes(5), 4, Duration.ofMillis(200), 1);
    }

    public ConsumerLoopSettings withMaxPollRecords(int records) {
        return new ConsumerLoopSettings(name, groupId, topics, records, maxPollInterval, attempts, firstBackoff,
                concurrency, revocationGrace);
    }

    /** Handles up to {@code handlers} records at once; also sets max.poll.records to match. */
    public ConsumerLoopSettings withConcurrency(int handlers) {
        return new ConsumerLoopSettings(name, groupId, topics, handlers, maxPollInterval, attempts, firstBackoff,
                handlers, revocationGrace);
    }

    /** Records accepted but not finished beyond which every partition is paused: about two polls' worth. */
    public int bufferLimit() {
        return Math.max(2 * concurrency, maxPollRecords);
    }
}
