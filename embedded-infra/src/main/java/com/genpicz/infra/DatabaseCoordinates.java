package com.genpicz.infra;

/** How to reach one PostgreSQL database: JDBC URL and credentials. */
public record DatabaseCoordinates(String jdbcUrl, String user, String password) {
}
