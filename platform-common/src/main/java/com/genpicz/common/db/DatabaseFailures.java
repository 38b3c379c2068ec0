package com.genpicz.common.db;

import com.genpicz.common.failures.EventFailure;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.failures.UnexpectedEventException;
import com.genpicz.common.generations.FailureCode;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * The PostgreSQL adapter's half of failure classification. Jdbi wraps the driver's {@link SQLException} as the
 * direct cause; its SQLSTATE says what happened (PostgreSQL's appendix A):
 *
 * <ul>
 *   <li>transient — 08 (connection), 53 (out of resources), 57 (statement cancelled or timed out, server
 *       shutting down or starting), 58 (system I/O), 40001 / 40P01 (serialization failure, deadlock), 55P03
 *       (lock not available), and a pool that had no connection to give;</li>
 *   <li>poison — 22 (data exception), 23 (integrity violation): the same statement fails the same way again;</li>
 *   <li>fatal — 28 (authorization), 3D (no such database), 42 (undefined table or column, no privilege): this
 *       instance is misconfigured or runs against the wrong schema;</li>
 *   <li>anything else is unexpected: tried a few times, then given up.</li>
 * </ul>
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Runs {@code call}, turning what the database throws into the platform's failure types. */
    public static <T> T translate(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JdbiException e) {
            throw classify(what, e);
        }
    }

    public static void translate(String what, Runnable call) {
        translate(what, () -> {
            call.run();
            return null;
        });
    }

    static EventFailure classify(String what, JdbiException failure) {
        String message = what + ": " + failure.getMessage();
        if (failure instanceof ConnectionException || failure.getCause() instanceof SQLTransientConnectionException) {
            return new RetriableEventException(message, failure);
        }
        String state = failure.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
        if (state == null) {
            return new UnexpectedEventException(FailureCode.INTERNAL_ERROR, message, failure);
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("58")
                || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return new RetriableEventException(message, failure);
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return new PoisonEventException(FailureCode.INTERNAL_ERROR, message, failure);
        }
        if (state.startsWith("28") || state.startsWith("3D") || state.startsWith("42")) {
            return new FatalEventException(message, failure);
        }
        return new UnexpectedEventException(FailureCode.INTERNAL_ERROR, message, failure);
    }
}
