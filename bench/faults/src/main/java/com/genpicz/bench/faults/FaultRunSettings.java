package com.genpicz.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the fault run runs; every option has a default sized for a 2-core machine.
 *
 * @param rate        generate requests per second during the whole run
 * @param dataDir     the cluster's data and logs (wiped first)
 * @param modelDir    the model inference loads
 * @param settleLimit how long the platform may take to finish everything once traffic stops
 * @param quick       one kill per service instead of one per instance, a shorter S3 outage: a smoke run
 */
record FaultRunSettings(double rate, Path dataDir, Path modelDir, Duration settleLimit, boolean quick) {

    static final String USAGE = """
            usage: bench/faults/run.sh [--rate N] [--data DIR] [--model DIR] [--settle SECONDS] [--quick]
              --rate N        generate requests per second (default 2)
              --data DIR      cluster data and logs, wiped first (default bench/faults/target/fault-run)
              --model DIR     model folder (default models/tiny-random)
              --settle S      seconds allowed to finish everything after the traffic stops (default 240)
              --quick         a shorter smoke run: one instance of each service killed, S3 down 10 s
            """;

    static FaultRunSettings from(List<String> args) {
        double rate = 2;
        Path data = Path.of("bench/faults/target/fault-run");
        Path model = Path.of("models/tiny-random");
        Duration settle = Duration.ofSeconds(240);
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> quick = true;
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--model" -> model = Path.of(value(args, ++i, arg));
                case "--settle" -> settle = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (rate <= 0 || rate > 50) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 50");
        }
        return new FaultRunSettings(rate, data.toAbsolutePath(), model.toAbsolutePath(), settle, quick);
    }

    private static String value(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args.get(index);
    }
}
