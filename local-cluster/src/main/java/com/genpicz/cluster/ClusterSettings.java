package com.genpicz.cluster;

import com.genpicz.common.config.Env;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./genpicz-cluster}'s options: instances per service, the data folder, the model, the first API port.
 * Every one has a default, so a fresh clone starts with none.
 */
record ClusterSettings(LocalCluster.Settings cluster, boolean fresh) {

    private static final int MAX_INSTANCES = 8;
    private static final Set<String> KNOWN_FLAGS = Stream.concat(
            Stream.of("--all", "--data", "--model", "--api-port"),
            Stream.of(ServiceKind.values()).map(ServiceKind::flag)).collect(Collectors.toUnmodifiableSet());

    static final String USAGE = """
            usage: ./genpicz-cluster [--ingress N] [--accounting N] [--inference N] [--storage N] [--webhook N]
                                     [--all N] [--data DIR] [--model DIR] [--api-port PORT] [--fresh]
              --<service> N   instances of that service (default 1 each; --all sets every service)
              --data DIR      data and logs (default .genpicz-cluster; GENPICZ_CLUSTER_DATA_DIR)
              --model DIR     model folder for inference (default models/genpicz-mini; GENPICZ_MODEL_DIR)
              --api-port P    HTTP port of the first ingress instance, the next ones count up (default 8180; 0 = free)
              --fresh         wipe the data folder first
            Extra JVM options for the services: GENPICZ_CLUSTER_JAVA_OPTS.
            """;

    static ClusterSettings from(Env env, List<String> args) {
        List<String> problems = new ArrayList<>();
        Env flags = new Env(flagValues(problems, args));
        problems.forEach(flags::reject);
        Map<ServiceKind, Integer> instances = new EnumMap<>(ServiceKind.class);
        int all = flags.integer("--all", 1, 1, MAX_INSTANCES);
        for (ServiceKind kind : ServiceKind.values()) {
            instances.put(kind, flags.integer(kind.flag(), all, 1, MAX_INSTANCES));
        }
        Path dataDir = Path.of(flags.string("--data", env.string("GENPICZ_CLUSTER_DATA_DIR", ".genpicz-cluster")));
        Path modelDir = Path.of(flags.string("--model", env.string("GENPICZ_MODEL_DIR", "models/genpicz-mini")));
        int apiPort = flags.integer("--api-port", 8180, 0, 65_000);
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx384m", "-Xss2m", "-XX:+UseSerialGC",
                "-Dai.djl.offline=true"));
        String extra = env.string("GENPICZ_CLUSTER_JAVA_OPTS", "");
        if (!extra.isBlank()) {
            jvmOptions.addAll(List.of(extra.trim().split("\\s+")));
        }
        flags.validate();
        env.validate();
        return new ClusterSettings(new LocalCluster.Settings(dataDir.toAbsolutePath(), instances,
                modelDir.toAbsolutePath(), apiPort, jvmOptions, Map.of()), args.contains("--fresh"));
    }

    /** {@code --flag value} pairs, so that {@link Env} checks and converts them as it does variables. */
    private static Map<String, String> flagValues(List<String> problems, List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--fresh")) {
                continue;
            }
            if (!KNOWN_FLAGS.contains(flag)) {
                problems.add("unknown option " + flag);
            } else if (i + 1 >= args.size()) {
                problems.add(flag + " needs a value");
            } else {
                values.put(flag, args.get(++i));
            }
        }
        return values;
    }
}
