#!/usr/bin/env bash
# One-command inference benchmark: builds inference-service, then prints
#  (a) ms per UNet call via DJL and via Python torch on the same TorchScript, inputs and thread count;
#  (b) images/s for 8 clients rendering "standard" images back to back, with and without BatchingRenderer;
#  (c) inference-service's own overhead on a real broker: consumed -> published minus model time.
# Needs Debian's python3-torch for the Python side of (a) (apt-get install python3-torch).
# Usage: [GLIBC_MALLOC_DEFAULTS=1] bench/inference/run.sh [THREADS=2] [MODEL_DIR=models/tiny-random]
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS="${1:-2}"
MODEL="${2:-models/tiny-random}"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT

./mvnw -B -q -pl inference-service -am install -DskipTests >/dev/null
./mvnw -B -q -pl inference-service dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="inference-service/target/classes:$(cat "$CP_FILE")"
JAVA=(java -Dai.djl.offline=true -XX:+UseSerialGC -cp "$CP")
# The glibc settings the services run with (docs/inference.md, "Native memory"); GLIBC_MALLOC_DEFAULTS=1 leaves
# glibc's own, to see the difference.
if [ "${GLIBC_MALLOC_DEFAULTS:-0}" != 1 ]; then
  export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456
fi

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# (a) UNet call, batch 2 (cond+uncond), $THREADS thread(s); median and best of 15"
for SIDE in 64 128; do
  djl=$("${JAVA[@]}" bench/inference/UnetStepBench.java "$MODEL" "$THREADS" "$SIDE" 2 15 2>/dev/null | grep '^djl')
  py=$(/usr/bin/python3 bench/inference/unet_step_bench.py "$MODEL" "$THREADS" "$SIDE" 2 15)
  echo "$djl"
  echo "$py"
  dm=$(sed -E 's/.*median_ms=([0-9.]+).*/\1/' <<<"$djl"); pm=$(sed -E 's/.*median_ms=([0-9.]+).*/\1/' <<<"$py")
  db=$(sed -E 's/.*min_ms=([0-9.]+).*/\1/' <<<"$djl"); pb=$(sed -E 's/.*min_ms=([0-9.]+).*/\1/' <<<"$py")
  awk -v dm="$dm" -v pm="$pm" -v db="$db" -v pb="$pb" -v s="$SIDE" \
    'BEGIN { printf "ratio latent=%d DJL/Python median=%.2f best=%.2f\n", s, dm / pm, db / pb }'
done
echo "# (b) 8 clients rendering standard 512x512 back to back, 10 s per mode and round, $THREADS thread(s)"
"${JAVA[@]}" bench/inference/ThroughputBench.java "$MODEL" "$THREADS" 512 3 2>/dev/null | grep '^round'
echo "# (c) pipeline overhead, 10 sequential standard 512x512 generations through inference-service and Kafka"
"${JAVA[@]}" bench/inference/PipelineOverheadBench.java "$MODEL" "$THREADS" 10 2>/dev/null | grep '^overhead'
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
