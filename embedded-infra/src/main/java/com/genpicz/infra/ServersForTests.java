package com.genpicz.infra;

/** {@link TestInfrastructure} over the JVM's shared servers; databases are named after the test class. */
final class ServersForTests implements TestInfrastructure {

    private final TestServers servers;
    private final String owner;

    ServersForTests(TestServers servers, String owner) {
        this.servers = servers;
        this.owner = owner;
    }

    @Override
    public String kafkaBootstrapServers() {
        return servers.kafkaBootstrapServers();
    }

    @Override
    public DatabaseCoordinates newDatabase() {
        return servers.createDatabase(UniqueNames.next(owner, '_'));
    }

    @Override
    public String s3Endpoint() {
        return servers.s3Endpoint();
    }

    @Override
    public String s3AccessKey() {
        return servers.s3AccessKey();
    }

    @Override
    public String s3SecretKey() {
        return servers.s3SecretKey();
    }

    @Override
    public String uniqueName(String base) {
        return UniqueNames.next(base, '-');
    }
}
