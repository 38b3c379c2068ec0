package com.genpicz.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Idempotent CREATE DATABASE over an admin connection, shared by the embedded and the container server. */
final class Databases {

    private static final String DUPLICATE_DATABASE = "42P04";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Databases() {
    }

    /** Names are lower-case SQL identifiers, so they never need quoting rules beyond plain double quotes. */
    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database names must match " + NAME + ": " + name);
        }
    }

    static void createIfMissing(Connection admin, String name) throws SQLException {
        requireValidName(name);
        if (exists(admin, name)) {
            return;
        }
        try (Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            // Another caller created it between our check and our CREATE.
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static boolean exists(Connection admin, String name) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
