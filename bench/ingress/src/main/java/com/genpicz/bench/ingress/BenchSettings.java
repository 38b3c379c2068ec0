package com.genpicz.bench.ingress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one benchmark run does: phase lengths, load shape and where the embedded servers keep their data.
 *
 * @param postgresConfig extra {@code postgresql.conf} settings; empty means PostgreSQL's durable defaults. Only for
 *                       diagnosis (e.g. {@code synchronous_commit=off} shows how much of the time is WAL flushing)
 * @param poolSize       {@code GENPICZ_DB_POOL_SIZE} for ingress-api, or 0 for the service's default
 * @param postRate       generates per second of the fixed-rate phase after the closed-loop one; 0 skips it
 * @param getRate        the same for the reads
 */
public record BenchSettings(
        Duration warmup,
        Duration duration,
        Duration outage,
        int concurrency,
        int accounts,
        boolean outagePhases,
        Path dataDir,
        Map<String, String> postgresConfig,
        int poolSize,
        int postRate,
        int getRate) {

    static final String USAGE = """
            usage: run.sh [options]
              --duration S        seconds measured per load phase (default 20)
              --warmup S          seconds of unmeasured load before each closed-loop phase (default 60: the JIT
                                  compilers still took a sixth of the machine 30 s in)
              --concurrency N     connections, one request in flight on each (default 48)
              --post-rate R       after the closed-loop generates (each connection sends on as answered), send
                                  R a second whatever the answers, latency counted from when each was due
                                  (default 3000, the issue's goal; 0 skips that phase)
              --get-rate R        the same for the reads (default 10000)
              --accounts N        accounts, one API key each (default 500)
              --outage S          seconds of load while Kafka / PostgreSQL is down (default 20)
              --no-outage         skip the outage phases
              --pool-size N       GENPICZ_DB_POOL_SIZE of ingress-api (default: the service default, 8)
              --postgres-config K=V  extra postgresql.conf setting, repeatable (diagnosis only; default durable)
              --data-dir PATH     scratch folder for Kafka and PostgreSQL (wiped first; default target/bench-data)
            """;

    private static final Set<String> FLAGS_WITH_VALUE = Set.of("--duration", "--warmup", "--concurrency",
            "--accounts", "--outage", "--pool-size", "--postgres-config", "--data-dir", "--post-rate", "--get-rate");

    public static BenchSettings defaults() {
        return parse(new String[0]);
    }

    /** Parses {@code --name value} flags; throws IllegalArgumentException on unknown flags or bad values. */
    public static BenchSettings parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        Map<String, String> postgres = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--no-outage")) {
                flags.put(flag, "true");
                continue;
            }
            if (!FLAGS_WITH_VALUE.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            if (flag.equals("--postgres-config")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--postgres-config wants key=value, got '" + value + "'");
                }
                postgres.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                flags.put(flag, value);
            }
        }
        return new BenchSettings(
                seconds(flags, "--warmup", 60),
                seconds(flags, "--duration", 20),
                seconds(flags, "--outage", 20),
                number(flags, "--concurrency", 48, 1_024),
                number(flags, "--accounts", 500, 100_000),
                !flags.containsKey("--no-outage"),
                Path.of(flags.getOrDefault("--data-dir", "target/bench-data")),
                Map.copyOf(postgres),
                number(flags, "--pool-size", 0, 250),
                rate(flags, "--post-rate", 3_000),
                rate(flags, "--get-rate", 10_000));
    }

    /** A rate flag: 0 turns its phase off. */
    private static int rate(Map<String, String> flags, String flag, int defaultRate) {
        return "0".equals(flags.get(flag)) ? 0 : number(flags, flag, defaultRate, HttpLoad.MAX_REQUESTS_PER_SECOND);
    }

    private static Duration seconds(Map<String, String> flags, String flag, int defaultSeconds) {
        return Duration.ofSeconds(number(flags, flag, defaultSeconds, 3_600));
    }

    private static int number(Map<String, String> flags, String flag, int defaultValue, int max) {
        String value = flags.get(flag);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " wants a whole number from 1 to " + max + ", got '" + value + "'");
    }
}
