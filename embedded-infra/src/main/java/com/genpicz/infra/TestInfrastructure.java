package com.genpicz.infra;

/**
 * What a test gets from {@link RealInfrastructure}: the shared Kafka, PostgreSQL and S3 servers of this test JVM,
 * plus fresh databases and unique names so that test classes do not see each other's data.
 */
public interface TestInfrastructure {

    /** {@code bootstrap.servers} of the shared broker; starts it on first use. */
    String kafkaBootstrapServers();

    /** A fresh, empty database on the shared PostgreSQL server, different on every call. */
    DatabaseCoordinates newDatabase();

    /** Endpoint of the shared S3 server; starts it on first use. */
    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    /**
     * {@code base} plus a random suffix, e.g. {@code orders-3f9a1c}, unique within this JVM; lower-case letters,
     * digits and '-' only, so it is valid as an S3 bucket name, Kafka topic or consumer group.
     */
    String uniqueName(String base);
}
