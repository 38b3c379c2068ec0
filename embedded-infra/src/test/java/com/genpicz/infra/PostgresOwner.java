package com.genpicz.infra;

/**
 * Run in a child JVM by {@link PostgresServerTest}: starts PostgreSQL on the given directory, writes a row, says
 * {@value #READY} and waits to be killed.
 */
public final class PostgresOwner {

    static final String READY = "POSTGRES-READY";
    static final String DATABASE = "owned";

    private PostgresOwner() {
    }

    public static void main(String[] args) throws Exception {
        PostgresServer postgres = PostgresServer.start(java.nio.file.Path.of(args[0]), 0);
        PostgresServerTest.execute(postgres.createDatabase(DATABASE),
                "CREATE TABLE item (name text); INSERT INTO item VALUES ('written by the owner')");
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
