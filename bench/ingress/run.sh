#!/usr/bin/env bash
# Benchmarks ingress-api alone (embedded Kafka + PostgreSQL, durable settings, async generates and reads, then a
# Kafka and a PostgreSQL outage) and prints the result tables. Options: bench/ingress/run.sh --help.
# Builds what it needs first; set BENCH_SKIP_BUILD=1 to reuse the last build, MAVEN_ARGS=-o to build offline,
# BENCH_JAVA_OPTS for extra JVM flags (e.g. -XX:StartFlightRecording=filename=target/bench.jfr to profile), BENCH_GC to
# try another collector than G1 (e.g. BENCH_GC=-XX:+UseZGC).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$repo/bench/ingress"
data_dir="$bench/target/bench-data"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '/usage: run.sh/,/--data-dir PATH/{s/^            //;p}' "$bench/src/main/java/com/genpicz/bench/ingress/BenchSettings.java"
  exit 0
fi

cd "$repo"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench/ingress -am package -DskipTests
fi

# Safety net for a JVM killed with SIGKILL: PostgreSQL runs as its own process; stop the one on our data folder.
stop_leftover_postgres() {
  local pid_file="$data_dir/postgres/postmaster.pid"
  if [[ -f "$pid_file" ]]; then
    local pid
    pid="$(head -n 1 "$pid_file")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && grep -qs postgres "/proc/$pid/comm"; then
      echo "stopping leftover PostgreSQL (pid $pid)" >&2
      kill -TERM "$pid" || true
    fi
  fi
}
trap stop_leftover_postgres EXIT

cd "$bench"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several flags
java -Xms1g -Xmx1g ${BENCH_GC:--XX:+UseG1GC} ${BENCH_JAVA_OPTS:-} \
  -Dbench.log.file="$bench/target/ingress-bench-service.log" \
  -cp "target/ingress-bench.jar:target/lib/*" \
  com.genpicz.bench.ingress.IngressBenchMain --data-dir "$data_dir" "$@"
