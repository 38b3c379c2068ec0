package com.genpicz.common.config;

/**
 * How an instance is watched: the port of its operations endpoints ({@code /metrics}, {@code /livez},
 * {@code /readyz}) and the name it goes by in metrics, logs and Kafka client ids.
 *
 * @param port {@code GENPICZ_METRICS_PORT}, default 9464; 0 picks a free one, -1 turns the endpoints off
 * @param instanceId {@code GENPICZ_INSTANCE_ID}, default the host name (the pod name in Kubernetes) and process id
 */
public record OperationsConfig(int port, String instanceId) {

    public static final int DEFAULT_PORT = 9464;
    private static final String INSTANCE_ID = "[A-Za-z0-9._-]{1,100}";

    public OperationsConfig {
        if (!instanceId.matches(INSTANCE_ID)) {
            throw new ConfigException(java.util.List.of("GENPICZ_INSTANCE_ID must be 1-100 of A-Z a-z 0-9 . _ -"));
        }
    }

    public static OperationsConfig from(Env env) {
        int port = env.integer("GENPICZ_METRICS_PORT", DEFAULT_PORT, -1, 65535);
        String instance = env.string("GENPICZ_INSTANCE_ID", null);
        if (instance != null && !instance.matches(INSTANCE_ID)) {
            env.reject("GENPICZ_INSTANCE_ID must be 1-100 of A-Z a-z 0-9 . _ -");
        }
        return new OperationsConfig(port, instanceIdOf(env));
    }

    /** {@code GENPICZ_INSTANCE_ID} when it is valid, else {@link #defaultInstanceId()}. */
    public static String instanceIdOf(Env env) {
        String instance = env.string("GENPICZ_INSTANCE_ID", null);
        return instance != null && instance.matches(INSTANCE_ID) ? instance : defaultInstanceId();
    }

    /** An instance id for tests and tools: a free port and the default id. */
    public static OperationsConfig anyFreePort() {
        return new OperationsConfig(0, defaultInstanceId());
    }

    /** The host name (the pod name in Kubernetes) and the process id. */
    public static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        String instance = (host == null || host.isBlank() ? "local" : host) + "-" + ProcessHandle.current().pid();
        String safe = instance.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
    }
}
