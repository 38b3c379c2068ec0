package com.genpicz.common.topics;

import com.genpicz.common.events.EventType;
import java.time.Duration;
import java.util.List;

/**
 * One topic of the GenPicz contract: its name, what the key is, which event types it carries and how long and how
 * large its records may be. docs/topics.md is the prose form of the same catalog.
 */
public record TopicSpec(
        String name,
        String key,
        List<EventType> valueTypes,
        int partitions,
        Duration retention,
        int maxMessageBytes,
        String description,
        Cleanup cleanup) {

    /** What the broker does with old records: drop them after the retention, or keep the latest per key. */
    public enum Cleanup {
        /** Event topics: every record is a fact; records older than the retention are deleted. */
        DELETE,
        /** State topics (usage): the latest record per key is kept for ever; older ones are compacted away. */
        COMPACT
    }

    public TopicSpec {
        valueTypes = List.copyOf(valueTypes);
    }
}
