package com.genpicz.infra;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** The servers behind {@link RealInfrastructure} for one test JVM: in-process ones, or Docker containers. */
interface TestServers extends AutoCloseable {

    /** Environment variable choosing the implementation: {@code embedded} (default) or {@code testcontainers}. */
    String MODE_VARIABLE = "GENPICZ_TEST_INFRA";
    String S3_ACCESS_KEY = "test-access-key";
    String S3_SECRET_KEY = "test-secret-key";

    /** Which implementation a test JVM uses. */
    enum Kind { EMBEDDED, TESTCONTAINERS }

    String kafkaBootstrapServers();

    DatabaseCoordinates createDatabase(String name);

    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    @Override
    void close();

    /** Opens the implementation that {@value #MODE_VARIABLE} asks for; no server starts before it is used. */
    static TestServers forThisJvm() {
        Kind kind = choose(System.getenv(MODE_VARIABLE), ContainerTestServers::dockerAvailable);
        return kind == Kind.TESTCONTAINERS ? new ContainerTestServers() : EmbeddedTestServers.underTarget();
    }

    /**
     * Testcontainers when asked for, and then only Testcontainers: a run that asked for containers and silently got
     * the in-process servers would pass while testing something else, so without a Docker engine it fails at once.
     */
    static Kind choose(String mode, BooleanSupplier dockerAvailable) {
        String normalised = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        switch (normalised) {
            case "", "embedded":
                return Kind.EMBEDDED;
            case "testcontainers":
                if (dockerAvailable.getAsBoolean()) {
                    return Kind.TESTCONTAINERS;
                }
                throw new IllegalStateException(MODE_VARIABLE + "=testcontainers but no Docker engine is reachable; "
                        + "start one, or unset " + MODE_VARIABLE + " for the in-process servers");
            default:
                throw new IllegalArgumentException(
                        MODE_VARIABLE + " must be 'embedded' or 'testcontainers', not '" + mode + "'");
        }
    }
}
