#!/usr/bin/env bash
# Re-renders the style example images (ingress-api/src/main/resources/styles/*.png) with a model folder.
# Usage: tools/style-examples.sh [model-dir]   (default models/genpicz-mini)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl inference-service -am install -DskipTests
classpath=$(./mvnw -B -q -pl inference-service dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
exec java -Dai.djl.offline=true -cp "inference-service/target/classes:$classpath" tools/StyleExamples.java "$@"
