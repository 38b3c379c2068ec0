#!/usr/bin/env bash
# The fault run: the separate-process cluster (2 instances of every service) under a steady stream of generations
# while every instance is killed -9 and restarted, inference is scaled 2 -> 3 -> 1 -> 2, and Kafka, PostgreSQL and
# S3 are restarted or stopped; then it audits what came out and prints the counts. Exits 1 when an invariant broke.
# About 12 minutes on 2 cores. Options: bench/faults/run.sh --help. BENCH_SKIP_BUILD=1 reuses the last build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
if [[ " $* " == *" --help "* ]]; then
  sed -n '/static final String USAGE = """/,/""";/{/"""/d;s/^            //;p}' \
    bench/faults/src/main/java/com/genpicz/bench/faults/FaultRunSettings.java
  exit 0
fi
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench/faults -am package -DskipTests
fi
exec java -Xmx512m -XX:+UseSerialGC -cp "bench/faults/target/fault-run.jar:bench/faults/target/lib/*" \
  com.genpicz.bench.faults.FaultRunMain "$@"
