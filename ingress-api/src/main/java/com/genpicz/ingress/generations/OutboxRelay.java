package com.genpicz.ingress.generations;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.OperationsConfig;
import com.genpicz.common.events.EventType;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.lifecycle.PollingWorker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import com.genpicz.common.tracing.TraceHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker acknowledged. Rows are locked with SKIP LOCKED so
 * several ingress instances relay in parallel; a crash after the send and before the delete publishes an event
 * twice, which consumers tolerate (they are idempotent by generation id).
 */
public final class OutboxRelay implements AutoCloseable, PollingWorker.Health {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);
    private static final Duration UNHEALTHY_AFTER = Duration.ofSeconds(3);

    private final Jdbi jdbi;
    private final Producer<String, byte[]> producer;
    private final PollingWorker worker;
    private final String instance = OperationsConfig.instanceIdOf(Env.system());
    private volatile Instant failingSince;

    public OutboxRelay(Jdbi jdbi, Producer<String, byte[]> producer) {
        this.jdbi = jdbi;
        this.producer = producer;
        this.worker = new PollingWorker("outbox-relay", () -> jdbi.inTransaction(this::relayBatch), BATCH, IDLE_WAIT,
                this);
    }

    public OutboxRelay start() {
        worker.start();
        return this;
    }

    /** Publish soon: called right after a request committed its outbox row. */
    public void wake() {
        worker.wake();
    }

    /** False once publishing has failed continuously for a few seconds (Kafka unreachable). */
    public boolean healthy() {
        Instant since = failingSince;
        return since == null || Duration.between(since, Instant.now()).compareTo(UNHEALTHY_AFTER) < 0;
    }

    @Override
    public void failed(Exception failure) {
        if (failingSince == null) {
            failingSince = Instant.now();
            log.warn("event=outbox_relay_failing reason=\"{}\"", failure.toString());
        }
    }

    @Override
    public void recovered() {
        failingSince = null;
        log.info("event=outbox_relay_recovered");
    }

    private int relayBatch(Handle handle) throws Exception {
        List<Row> rows = handle.createQuery("""
                        select id, topic, record_key, event_type, schema_version, event_id, payload, traceparent
                        from outbox
                        order by id limit :batch for update skip locked""")
                .bind("batch", BATCH)
                .map((rs, ctx) -> new Row(rs.getLong("id"), new OutboxMessage(rs.getString("topic"),
                        rs.getString("record_key"), rs.getString("event_type"), rs.getInt("schema_version"),
                        rs.getString("event_id"), rs.getBytes("payload"), rs.getString("traceparent"))))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<?>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            acks.add(producer.send(toRecord(row.message())));
        }
        for (Future<?> ack : acks) {
            ack.get(15, TimeUnit.SECONDS);
        }
        long[] ids = rows.stream().mapToLong(Row::id).toArray();
        timeRelays(handle, ids);
        handle.createUpdate("delete from outbox where id = any(:ids)")
                .bind("ids", ids)
                .execute();
        return rows.size();
    }

    /** The relay's own line of each new generation's timeline, written with the rows it relayed. */
    private void timeRelays(Handle handle, long[] ids) {
        handle.createUpdate("""
                        insert into generation_stages (event_id, generation_id, stage, service, instance, queued_at,
                                                       started_at, finished_at)
                        select 'relay-' || event_id, record_key, :stage, 'ingress-api', :instance, created_at,
                               created_at, :finished
                        from outbox where id = any(:ids) and event_type = :requested
                        on conflict (event_id) do nothing""")
                .bind("stage", PipelineStage.RELAY.wireName())
                .bind("instance", instance)
                .bind("finished", Instant.now())
                .bind("requested", EventType.GENERATION_REQUESTED.wireName())
                .bind("ids", ids)
                .execute();
    }

    private static ProducerRecord<String, byte[]> toRecord(OutboxMessage message) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(message.topic(), message.key(), message.payload());
        record.headers().add(EventCodec.TYPE_HEADER, message.eventType().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventCodec.SCHEMA_VERSION_HEADER,
                Integer.toString(message.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventCodec.EVENT_ID_HEADER, message.eventId().getBytes(StandardCharsets.UTF_8));
        TraceHeaders.addTraceparent(record.headers(), message.traceparent());
        return record;
    }

    @Override
    public void close() {
        worker.close();
    }

    private record Row(long id, OutboxMessage message) {
    }
}
