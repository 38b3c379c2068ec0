package com.genpicz.common.kafka;

import com.genpicz.common.events.EventDecodingException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

/** How a consumer loop treats a failed event. */
public enum FailureKind {
    /** Retry until it works: the event is fine, the world around it is not (yet). */
    TRANSIENT,
    /** Retry a few times, then dead-letter: probably a bug or bad data, which must not block the partition. */
    UNKNOWN,
    /** Dead-letter at once. */
    POISON,
    /** Stop the loop. */
    FATAL;

    public static FailureKind of(Throwable failure) {
        if (failure instanceof FatalEventException || failure instanceof Error) {
            return FATAL;
        }
        if (failure instanceof PoisonEventException || failure instanceof EventDecodingException) {
            return POISON;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isTransient(cause)) {
                return TRANSIENT;
            }
        }
        return UNKNOWN;
    }

    private static boolean isTransient(Throwable cause) {
        if (cause instanceof RetriableEventException
                || cause instanceof org.apache.kafka.common.errors.RetriableException
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || cause instanceof IOException
                || cause instanceof TimeoutException) {
            return true;
        }
        // SQL states of class 08 (connection), 53 (resources) and 57P (server shutting down) pass with time.
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("40001");
        }
        return false;
    }
}
