#!/bin/sh
# Health of a GenPicz service container, run by the health checks in docker-compose.yml.
#
#   healthcheck http URL   the URL answers with a 2xx status (every service: http://127.0.0.1:9464/readyz)
#   healthcheck kafka      the service holds an established TCP connection to a broker port named in
#                          GENPICZ_KAFKA_BOOTSTRAP_SERVERS (kept for deployments that turned the operations port off)
set -eu

kafka_connected() {
    for address in $(echo "${GENPICZ_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}" | tr ',' ' '); do
        port_hex=$(printf '%04X' "${address##*:}")
        # /proc/net/tcp{,6} columns: slot, local address, remote address, state; state 01 is ESTABLISHED.
        if grep -qE "^ *[0-9]+: [0-9A-F]+:[0-9A-F]{4} [0-9A-F]+:${port_hex} 01 " /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
            return 0
        fi
    done
    return 1
}

case "${1:-}" in
    http)
        exec curl --fail --silent --show-error --output /dev/null --max-time 3 "${2:?usage: healthcheck http URL}"
        ;;
    kafka)
        if kafka_connected; then
            exit 0
        fi
        echo "no established connection to a Kafka broker (${GENPICZ_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092})" >&2
        exit 1
        ;;
    *)
        echo "usage: healthcheck http URL | healthcheck kafka" >&2
        exit 2
        ;;
esac
