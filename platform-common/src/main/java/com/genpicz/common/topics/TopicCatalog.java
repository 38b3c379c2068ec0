package com.genpicz.common.topics;

import static com.genpicz.common.events.EventType.GENERATION_AUTHORIZED;
import static com.genpicz.common.events.EventType.GENERATION_COMPLETED;
import static com.genpicz.common.events.EventType.GENERATION_DELETED;
import static com.genpicz.common.events.EventType.GENERATION_FAILED;
import static com.genpicz.common.events.EventType.GENERATION_REQUESTED;
import static com.genpicz.common.events.EventType.GENERATION_STAGE_TIMED;
import static com.genpicz.common.events.EventType.IMAGE_RENDERED;

import com.genpicz.common.events.EventType;
import java.time.Duration;
import java.util.List;

/**
 * Every topic GenPicz reads or writes. Names carry a major version suffix: a breaking change to a topic's events
 * gets a new topic, so analytics consumers of the old one keep working until they move.
 *
 * <p>The prefix lets several platforms (or isolated tests) share one cluster.
 */
public final class TopicCatalog {

    /** The prefix in production and in the dev stack. */
    public static final String DEFAULT_PREFIX = "genpicz.";
    /** Records on the image topic carry a PNG; 16 MiB leaves room for a 1920×1920 image in base64 JSON. */
    public static final int IMAGE_RECORD_MAX_BYTES = 16 * 1024 * 1024;

    private static final int PARTITIONS = 6;
    private static final int SMALL_RECORD_MAX_BYTES = 1024 * 1024;
    private static final String BY_GENERATION = "generation_id: every event of one generation lands on one partition, in order";
    private static final String USAGE_KEY = "account_id/day/YYYY-MM-DD or account_id/month/YYYY-MM";

    private final String prefix;

    public TopicCatalog(String prefix) {
        this.prefix = prefix;
    }

    public static TopicCatalog withDefaultPrefix() {
        return new TopicCatalog(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    public TopicSpec generationRequested() {
        return topic("generation-requested.v1", List.of(GENERATION_REQUESTED), Duration.ofDays(7),
                SMALL_RECORD_MAX_BYTES, "Generations the API accepted. Written by ingress-api, read by accounting-service.");
    }

    public TopicSpec generationAuthorized() {
        return topic("generation-authorized.v1", List.of(GENERATION_AUTHORIZED), Duration.ofDays(7),
                SMALL_RECORD_MAX_BYTES, "Generations whose credits were debited. Written by accounting-service, read by inference-service and ingress-api.");
    }

    public TopicSpec imageRendered() {
        return topic("image-rendered.v1", List.of(IMAGE_RENDERED), Duration.ofDays(1),
                IMAGE_RECORD_MAX_BYTES, "Rendered PNGs, inline. Written by inference-service, read by storage-service.");
    }

    public TopicSpec generationOutcomes() {
        return topic("generation-outcomes.v1", List.of(GENERATION_COMPLETED, GENERATION_FAILED), Duration.ofDays(30),
                SMALL_RECORD_MAX_BYTES, "Final state of each generation. Written by storage-service (completed) and by any service that fails a generation; read by ingress-api, accounting-service and webhook-service.");
    }

    public TopicSpec generationDeleted() {
        return topic("generation-deleted.v1", List.of(GENERATION_DELETED), Duration.ofDays(7),
                SMALL_RECORD_MAX_BYTES, "Generations customers deleted. Written by ingress-api, read by storage-service.");
    }

    public TopicSpec generationStages() {
        return topic("generation-stages.v1", List.of(GENERATION_STAGE_TIMED), Duration.ofDays(7),
                SMALL_RECORD_MAX_BYTES, "How long each stage took per generation. Written by every service, read by ingress-api (timelines) and analytics.");
    }

    /** Records no consumer could process, with the reason in headers; never consumed automatically. */
    public TopicSpec deadLetter() {
        return topic("dead-letter.v1", List.of(EventType.values()), Duration.ofDays(30),
                IMAGE_RECORD_MAX_BYTES, "Poison records: the original key, value and headers plus genpicz-dlt-* headers saying who failed and why.");
    }

    /**
     * Usage per account and period, the projection accounting-service's Kafka Streams topology keeps over the
     * generation events: the latest record per key is the current total (docs/topics.md, "usage.v1").
     */
    public TopicSpec usage() {
        return new TopicSpec(prefix + "usage.v1", USAGE_KEY, List.of(), PARTITIONS, Duration.ZERO,
                SMALL_RECORD_MAX_BYTES, "Usage per account and UTC day or month. Written by accounting-service "
                + "(Kafka Streams, exactly once), read by ingress-api and analytics.", TopicSpec.Cleanup.COMPACT);
    }

    /**
     * The consumer group of a service, under the same prefix as the topics, so that platforms (or tests) sharing a
     * cluster never share groups.
     */
    public String consumerGroup(String service) {
        return prefix + service;
    }

    public List<TopicSpec> all() {
        return List.of(generationRequested(), generationAuthorized(), imageRendered(), generationOutcomes(),
                generationDeleted(), generationStages(), deadLetter(), usage());
    }

    private TopicSpec topic(String suffix, List<EventType> types, Duration retention, int maxBytes, String description) {
        return new TopicSpec(prefix + suffix, BY_GENERATION, types, PARTITIONS, retention, maxBytes, description,
                TopicSpec.Cleanup.DELETE);
    }
}
