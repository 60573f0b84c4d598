#!/usr/bin/env bash
# Component ceilings: what Kafka, PostgreSQL (the outbox write, and each row's whole cycle), Redis and a do-nothing
# HTTP server each sustain alone on this machine, driven the way the gateway drives them, with the machine's CPU per
# operation and the CPU floor per event those add up to. Read gateway figures against these, measured at the same time.
# Starts the embedded stack in target/ceilings-stack (then stops it and deletes that directory) unless all three
# backends are given.
# Loopback only; every measurement is bounded in time and count. Writes ceilings.json to --out.
#   loadtest/bench/ceilings.sh [--seconds 10] [--out target/loadtest/ceilings] [--max-ops 20000000]
#                              [--kafka HOST:PORT --pg-uri URI --redis-uri URI]
# Relative paths are relative to the repository root. Build first: mvn -DskipTests install (or package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/loadtest/bench/lib.sh"
CP=$(loadtest_classpath)
# The stack's state directory and the default output are relative: keep them in the repository whatever the caller's directory.
cd "$ROOT"
exec java -Xmx1g -cp "$CP" io.eventgateway.loadtest.ceilings.CeilingsMain "$@"
