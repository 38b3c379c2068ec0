#!/usr/bin/env bash
# The usage projection (Kafka Streams, exactly once) on an embedded broker: events/s through the topology from a
# backlog, and the lag from an event's production to the committed usage total that counts it at a fixed rate.
# Usage: bench/usage/run.sh [EVENTS=300000] [RATE=1000] [SECONDS=30]; about 3 minutes. BENCH_SKIP_BUILD=1 reuses
# the last build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench/usage -am package -DskipTests
fi
exec java -Xmx1g -XX:+UseSerialGC -cp "bench/usage/target/usage-bench.jar:bench/usage/target/lib/*" \
  com.genpicz.bench.usage.UsageBenchMain "$@"
