# syntax=docker/dockerfile:1.7
#
# One recipe for every GenPicz service image. The build stage compiles all five services in a single Maven run and
# does not depend on any build argument, so `docker compose build` runs Maven once and BuildKit reuses that stage for
# each service; the MODULE and MAIN_CLASS build arguments then pick what goes into the final image.
#
#   docker build --build-arg MODULE=ingress-api --build-arg MAIN_CLASS=com.genpicz.ingress.IngressMain -t genpicz/ingress-api .
#
# Needs BuildKit (the default builder of Docker 23+ and of `docker compose`) for the Maven cache mount.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The service modules; -am below adds what they depend on (platform-common, and embedded-infra for their tests).
ARG SERVICES="accounting-service inference-service storage-service webhook-service ingress-api"
RUN --mount=type=cache,target=/root/.m2,sharing=locked <<EOF
set -eu
mvn -B -q -pl "$(echo $SERVICES | tr ' ' ',')" -am package -DskipTests \
    dependency:copy-dependencies -DincludeScope=runtime
# The service modules ship no slf4j binding (only their tests log); the images log through logback, the version the
# parent POM manages for the tests, with logstash-logback-encoder for one JSON object per line (deploy/logback.xml).
logback_version=$(sed -n 's:.*<logback.version>\(.*\)</logback.version>.*:\1:p' pom.xml)
for artifact in logback-classic logback-core; do
    mvn -B -q -N dependency:copy -Dartifact="ch.qos.logback:$artifact:$logback_version" -DoutputDirectory=/out/logging
done
logstash_version=$(sed -n 's:.*<logstash-logback.version>\(.*\)</logstash-logback.version>.*:\1:p' pom.xml)
mvn -B -q -N dependency:copy -Dartifact="net.logstash.logback:logstash-logback-encoder:$logstash_version" \
    -DoutputDirectory=/out/logging
for module in $SERVICES; do
    mkdir -p "/out/$module/lib"
    cp "$module"/target/dependency/*.jar /out/logging/*.jar "/out/$module/lib/"
    find "$module/target" -maxdepth 1 -name "$module-*.jar" ! -name '*-tests.jar' ! -name '*-sources.jar' \
        -exec cp {} "/out/$module/lib/" \;
done
# Only the renderer needs the model folders.
cp -r models /out/inference-service/models
EOF

FROM eclipse-temurin:17-jre AS runtime
# curl for the HTTP health check: the Temurin images stopped promising it. The service user owns only its cache.
RUN <<EOF
set -eu
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
groupadd --system genpicz
useradd --system --gid genpicz --home-dir /var/cache/genpicz --shell /usr/sbin/nologin genpicz
install -d -o genpicz -g genpicz /var/cache/genpicz /var/cache/genpicz/djl
EOF

ARG MODULE
ARG MAIN_CLASS
RUN test -n "${MODULE}" && test -n "${MAIN_CLASS}" \
    || { echo "build arguments MODULE and MAIN_CLASS are required (see docker-compose.yml)" >&2; exit 1; }

WORKDIR /app
COPY --from=build /out/${MODULE}/ /app/
COPY deploy/logback.xml /app/config/logback.xml
COPY --chmod=755 deploy/healthcheck.sh /app/bin/healthcheck

# DJL unpacks libtorch and the tokenizer library from their jars on first start; offline makes a missing native jar
# fail at once instead of trying to download one.
# The MALLOC_ settings make glibc keep libtorch's freed tensors for reuse instead of unmapping them after every
# call, which made batched renders up to 4x slower (docs/inference.md, "Native memory"); harmless elsewhere.
ENV SERVICE_MAIN_CLASS=${MAIN_CLASS} \
    DJL_CACHE_DIR=/var/cache/genpicz/djl \
    MALLOC_MMAP_THRESHOLD_=33554432 \
    MALLOC_TRIM_THRESHOLD_=1073741824 \
    MALLOC_TOP_PAD_=268435456 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER genpicz
# exec: the JVM becomes PID 1 and gets SIGTERM from `docker stop`, so the services shut down cleanly.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -Dai.djl.offline=true -Dlogback.configurationFile=/app/config/logback.xml -cp '/app/lib/*' \"$SERVICE_MAIN_CLASS\""]
