package com.genpicz.common.db;

import java.util.Collection;
import org.jdbi.v3.core.argument.Argument;

/**
 * PostgreSQL array parameters bound as ready-made {@link Argument}s. Jdbi's {@code bindArray} resolves the element
 * type reflectively on every call, which cost more CPU than the statement itself in the ingress's per-batch
 * statements.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** A {@code text[]} parameter. */
    public static Argument text(Collection<String> values) {
        Object[] elements = values.toArray();
        return (position, statement, context) ->
                statement.setArray(position, statement.getConnection().createArrayOf("text", elements));
    }

    /** An {@code int[]} parameter. */
    public static Argument integers(Collection<Integer> values) {
        Object[] elements = values.toArray();
        return (position, statement, context) ->
                statement.setArray(position, statement.getConnection().createArrayOf("int4", elements));
    }
}
