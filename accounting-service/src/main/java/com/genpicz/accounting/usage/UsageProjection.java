package com.genpicz.accounting.usage;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.operations.ReadinessCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link UsageTopology} as its own Kafka Streams application ({@code <prefix>usage}), so it rebalances
 * and scales over the partitions independently of accounting's debit and settlement loops in the same process.
 */
public final class UsageProjection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageProjection.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final CompletableFuture<Void> failure = new CompletableFuture<>();

    private UsageProjection(KafkaStreams streams, KafkaStreamsMetrics metrics) {
        this.streams = streams;
        this.metrics = metrics;
    }

    public static UsageProjection start(KafkaConfig kafka, Path stateDirectory) {
        return start(kafka, stateDirectory, new CompositeMeterRegistry());
    }

    /** Starts the projection with the Streams client's own metrics (lag, commit and process rates) bound. */
    public static UsageProjection start(KafkaConfig kafka, Path stateDirectory, MeterRegistry meters) {
        KafkaStreams streams = new KafkaStreams(UsageTopology.build(kafka.topics()), properties(kafka, stateDirectory));
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        UsageProjection projection = new UsageProjection(streams, metrics);
        // A failed stream thread means totals stop moving: the process stops, and its orchestrator restarts it
        // from the changelogs, as with any other fatal consumer-loop failure.
        streams.setUncaughtExceptionHandler(error -> {
            log.error("event=usage_projection_failed", error);
            projection.failure.completeExceptionally(error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return projection;
    }

    static Properties properties(KafkaConfig kafka, Path stateDirectory) {
        Properties props = new Properties();
        // Common client settings (security) reach the Streams application's consumers, producers and admin.
        props.putAll(kafka.security().clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.topics().consumerGroup("usage"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // A total is visible only once the second sub-topology's transaction commits, two commits after its event:
        // 20 ms (the exactly-once default is 100) took p50 lag from 279 to 151 ms for 9 % of throughput
        // (bench/usage). Updates of one key within a commit are still summed in the cache before they are sent.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Streams creates its changelog and repartition topics and produces to them at once; with several requests
        // in flight, one sent before the broker knows a new partition can be overtaken by the next and then spin on
        // OUT_OF_ORDER_SEQUENCE_NUMBER until its transaction times out (KAFKA-15591) — seen here as a bench run
        // that stalled for minutes. One request in flight keeps them in order.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        return props;
    }

    /** Ready while the topology runs or rebalances; not while it starts, stops or stopped on an error. */
    public ReadinessCheck readinessCheck() {
        return () -> {
            KafkaStreams.State state = streams.state();
            if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
                throw new IllegalStateException("Kafka Streams is " + state);
            }
        };
    }

    /** Completes exceptionally when the topology stopped on an error. */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        metrics.close();
    }
}
