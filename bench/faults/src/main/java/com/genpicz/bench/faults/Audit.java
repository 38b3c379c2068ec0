package com.genpicz.bench.faults;

import com.genpicz.infra.DatabaseCoordinates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the platform recorded, the way an auditor with database access would: every generation with its
 * ledger entries and accounting's settlement, the queues still holding work, and the balances. The services
 * never read each other's tables; this harness does, because it checks them against each other.
 */
final class Audit {

    /** One generation as the database holds it, with what accounting recorded for it. */
    record Row(String id, String accountId, String status, String failureCode, boolean deleted, boolean webhook,
               String imageUrl, String objectKey, Instant createdAt, int debits, int refunds, String settlement) {
        boolean finished() {
            return status.equals("completed") || status.equals("failed");
        }
    }

    private final DatabaseCoordinates database;

    Audit(DatabaseCoordinates database) {
        this.database = database;
    }

    List<Row> generations() {
        return query("""
                select g.id, g.account_id, g.status, g.failure_code, g.deleted_at is not null as deleted,
                       g.webhook_url is not null as webhook, g.image_url, g.object_key, g.created_at,
                       (select count(*) from credit_ledger l where l.generation_id = g.id and l.entry = 'debit') debits,
                       (select count(*) from credit_ledger l where l.generation_id = g.id and l.entry = 'refund') refunds,
                       s.outcome
                from generations g left join generation_settlements s on s.generation_id = g.id""", rows -> {
            List<Row> list = new ArrayList<>();
            while (rows.next()) {
                list.add(new Row(rows.getString("id"), rows.getString("account_id"), rows.getString("status"),
                        rows.getString("failure_code"), rows.getBoolean("deleted"), rows.getBoolean("webhook"),
                        rows.getString("image_url"), rows.getString("object_key"),
                        rows.getTimestamp("created_at").toInstant(), rows.getInt("debits"), rows.getInt("refunds"),
                        rows.getString("outcome")));
            }
            return list;
        });
    }

    /** Generations not finished yet that were accepted before {@code before}. */
    long unfinishedAcceptedBefore(Instant before) {
        return count("select count(*) from generations where status in ('queued', 'processing') and created_at < ?",
                java.sql.Timestamp.from(before));
    }

    long unfinished() {
        return count("select count(*) from generations where status in ('queued', 'processing')");
    }

    long outboxBacklog() {
        return count("select count(*) from outbox");
    }

    long pendingWebhooks() {
        return count("select count(*) from webhook_deliveries where status = 'pending'");
    }

    /** The current balance of each account. */
    Map<String, Long> balances() {
        return query("select id, credits from accounts", rows -> {
            Map<String, Long> balances = new HashMap<>();
            while (rows.next()) {
                balances.put(rows.getString("id"), rows.getLong("credits"));
            }
            return balances;
        });
    }

    /** Per account: debits minus refunds in the ledger. */
    Map<String, Long> netCharges() {
        return query("""
                select account_id, coalesce(sum(case entry when 'debit' then amount when 'refund' then -amount
                       else 0 end), 0) as net
                from credit_ledger group by account_id""", rows -> {
            Map<String, Long> charges = new HashMap<>();
            while (rows.next()) {
                charges.put(rows.getString("account_id"), rows.getLong("net"));
            }
            return charges;
        });
    }

    private long count(String sql, Object... parameters) {
        return query(sql, rows -> {
            rows.next();
            return rows.getLong(1);
        }, parameters);
    }

    private <T> T query(String sql, RowsReader<T> reader, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit query failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface RowsReader<T> {
        T read(ResultSet rows) throws SQLException;
    }
}
