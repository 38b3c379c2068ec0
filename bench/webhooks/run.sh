#!/usr/bin/env bash
# Webhook delivery: webhook-service on embedded Kafka and PostgreSQL delivering to 20 receivers on loopback at a fixed
# rate of completions, once with every destination healthy and once with 2 of them never answering. Prints
# deliveries/s and completion-to-arrival latency as a Markdown table. Usage: bench/webhooks/run.sh [RATE=300]
# [SECONDS=20], each measured round after a warm-up round at the same rate (150 s before the first phase, 30 s before the second); about 6 minutes. BENCH_SKIP_BUILD=1 reuses the last build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench/webhooks -am package -DskipTests
fi
exec java -Xmx1g -XX:+UseSerialGC -cp "bench/webhooks/target/webhook-bench.jar:bench/webhooks/target/lib/*" \
  com.genpicz.bench.webhooks.WebhookBenchMain "$@"
