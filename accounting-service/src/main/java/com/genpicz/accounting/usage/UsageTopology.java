package com.genpicz.accounting.usage;

import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The usage projection: generation events in, usage per account and period out on {@code usage.v1}.
 *
 * <pre>
 * requested, authorized, outcomes, deleted (keyed by generation)
 *   → generation-tallies   (per generation: its facts; sends the change each event made, keyed by account/period)
 *   → repartition by account/period
 *   → usage-totals         (per account/period: the running total)
 *   → usage.v1             (compacted: the latest record per key is the total)
 * </pre>
 *
 * {@code docs/usage-topology.txt} is this topology's {@code describe()}. Both stores are backed by changelog topics, and the application runs exactly once (v2): a total and the offsets
 * of the events it counted commit together, so a crash or a rebalance neither loses nor double-counts an event.
 */
public final class UsageTopology {

    static final String TALLIES = "generation-tallies";
    static final String TOTALS = "usage-totals";

    private UsageTopology() {
    }

    public static Topology build(TopicCatalog topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TALLIES), Serdes.String(),
                new TallySerde()));
        UsageSerde usage = new UsageSerde();
        builder.stream(inputs(topics), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("generation-events"))
                .process(() -> new TallyProcessor(TALLIES), Named.as("tally-generations"), TALLIES)
                .groupByKey(Grouped.with("usage-changes", Serdes.String(), usage))
                .reduce(Usage::plus, Named.as("sum-usage"), Materialized.<String, Usage, KeyValueStore<Bytes, byte[]>>as(TOTALS)
                        .withKeySerde(Serdes.String()).withValueSerde(usage))
                .toStream(Named.as("usage-updates"))
                .to(topics.usage().name(), Produced.with(Serdes.String(), new JsonSerde<>(Usage.class))
                        .withName("usage-out"));
        return builder.build();
    }

    private static java.util.List<String> inputs(TopicCatalog topics) {
        return Stream.of(topics.generationRequested(), topics.generationAuthorized(), topics.generationOutcomes(),
                topics.generationDeleted()).map(TopicSpec::name).toList();
    }
}
