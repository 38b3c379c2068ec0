package com.genpicz.infra;

/** {@link TestInfrastructure} over the JVM's shared servers; databases are named after the test class. */
final class ServersForTests implements TestInfrastructure {

    private final SharedServers servers;
    private final String owner;

    ServersForTests(SharedServers servers, String owner) {
        this.servers = servers;
        this.owner = owner;
    }

    @Override
    public String kafkaBootstrapServers() {
        return servers.kafka().bootstrapServers();
    }

    @Override
    public DatabaseCoordinates newDatabase() {
        return servers.postgres().createDatabase(UniqueNames.next(owner, '_'));
    }

    @Override
    public String s3Endpoint() {
        return servers.s3().endpoint();
    }

    @Override
    public String s3AccessKey() {
        return servers.s3().accessKey();
    }

    @Override
    public String s3SecretKey() {
        return servers.s3().secretKey();
    }

    @Override
    public String uniqueName(String base) {
        return UniqueNames.next(base, '-');
    }
}
