package com.genpicz.common.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the services authenticate to the brokers and encrypt the connection: Kafka's own client settings, from
 * {@code GENPICZ_KAFKA_*} variables. The defaults (plaintext) suit the local stacks; a production cluster such as
 * Strimzi's uses {@code SASL_SSL} with SCRAM, or {@code SSL} with a client certificate (docs/configuration.md).
 *
 * @param protocol   {@code GENPICZ_KAFKA_SECURITY_PROTOCOL}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param mechanism  {@code GENPICZ_KAFKA_SASL_MECHANISM}: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (default)
 * @param username   {@code GENPICZ_KAFKA_SASL_USERNAME}, this service's principal (one per service, for ACLs)
 * @param password   {@code GENPICZ_KAFKA_SASL_PASSWORD} or {@code _FILE}
 * @param truststore {@code GENPICZ_KAFKA_SSL_TRUSTSTORE} (PKCS#12) and {@code _PASSWORD}; the JVM's when unset
 * @param keystore   {@code GENPICZ_KAFKA_SSL_KEYSTORE} (PKCS#12) and {@code _PASSWORD}: a client certificate
 */
public record KafkaSecurity(Protocol protocol, String mechanism, String username, String password,
                            Store truststore, Store keystore) {

    /** Kafka's {@code security.protocol} values. */
    public enum Protocol { PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL }

    /** A PKCS#12 file and its password. */
    public record Store(String location, String password) {
        @Override
        public String toString() {
            return "Store[location=" + location + ", password=***]";
        }
    }

    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(Protocol.PLAINTEXT, null, null, null, null, null);

    public static KafkaSecurity from(Env env) {
        Protocol protocol = env.choice("GENPICZ_KAFKA_SECURITY_PROTOCOL", Protocol.class, Protocol.PLAINTEXT);
        String mechanism = env.string("GENPICZ_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512").toUpperCase(Locale.ROOT);
        String username = env.string("GENPICZ_KAFKA_SASL_USERNAME", null);
        String password = env.secret("GENPICZ_KAFKA_SASL_PASSWORD", null);
        Store truststore = store(env, "GENPICZ_KAFKA_SSL_TRUSTSTORE");
        Store keystore = store(env, "GENPICZ_KAFKA_SSL_KEYSTORE");
        boolean sasl = protocol == Protocol.SASL_PLAINTEXT || protocol == Protocol.SASL_SSL;
        if (sasl && !java.util.Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
            env.reject("GENPICZ_KAFKA_SASL_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        if (sasl && (username == null || password == null)) {
            env.reject("GENPICZ_KAFKA_SECURITY_PROTOCOL=" + protocol
                    + " needs GENPICZ_KAFKA_SASL_USERNAME and GENPICZ_KAFKA_SASL_PASSWORD (or _FILE)");
        }
        return new KafkaSecurity(protocol, sasl ? mechanism : null, sasl ? username : null, sasl ? password : null,
                truststore, keystore);
    }

    private static Store store(Env env, String variable) {
        String location = env.string(variable, null);
        String password = env.secret(variable + "_PASSWORD", null);
        if (location == null) {
            return null;
        }
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(location))) {
            env.reject(variable + " names " + location + ", which cannot be read");
        }
        return new Store(location, password);
    }

    /** The client settings every producer, consumer, admin client and Streams application of a service gets. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("security.protocol", protocol.name());
        if (mechanism != null) {
            props.put("sasl.mechanism", mechanism);
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put("sasl.jaas.config", module + " required username=\"" + escape(username) + "\" password=\""
                    + escape(password) + "\";");
        }
        if (truststore != null) {
            props.put("ssl.truststore.type", "PKCS12");
            props.put("ssl.truststore.location", truststore.location());
            if (truststore.password() != null) {
                props.put("ssl.truststore.password", truststore.password());
            }
        }
        if (keystore != null) {
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.location", keystore.location());
            if (keystore.password() != null) {
                props.put("ssl.keystore.password", keystore.password());
                props.put("ssl.key.password", keystore.password());
            }
        }
        return props;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaSecurity[protocol=" + protocol + ", mechanism=" + mechanism + ", username=" + username
                + ", password=***, truststore=" + truststore + ", keystore=" + keystore + "]";
    }
}
