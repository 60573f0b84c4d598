#!/usr/bin/env bash
# Relay drain benchmark: a fresh embedded stack, Kafka's producer ceiling on it, then ROWS pending outbox
# rows (as after a Kafka outage) published by a gateway's relay, timed until none is left. Loopback only;
# the stack's state is deleted afterwards.
#   loadtest/bench/relay-drain.sh [ROWS] [KAFKA_CEILING_SECONDS] [key=value[,key=value] ...]
# Each key=value list is one drain, in turn, on a refilled outbox: relay.marks-in-flight=1 relay.marks-in-flight=3
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CP_FILE="$ROOT/loadtest/target/runtime.classpath"
if [[ ! -f "$CP_FILE" ]]; then
  mvn -B -q -DskipTests package
fi
exec java -Xmx2g -cp "$ROOT/loadtest/target/classes:$(cat "$CP_FILE")" \
  io.eventgateway.loadtest.ceilings.RelayDrainMain "${1:-1000000}" "${2:-15}" "${@:3}"
