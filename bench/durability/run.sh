#!/usr/bin/env bash
# What durability costs on the local servers: PostgreSQL with fsync and synchronous commit versus without, and the
# embedded Kafka broker forcing every append to disk versus leaving it to the page cache. Prints a Markdown table.
# About 2 minutes. BENCH_SKIP_BUILD=1 reuses the last build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench/durability -am package -DskipTests
fi
exec java -Xmx1g -XX:+UseSerialGC -cp "bench/durability/target/durability-bench.jar:bench/durability/target/lib/*" \
  com.genpicz.bench.durability.DurabilityBenchMain "$@"
