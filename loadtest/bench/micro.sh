#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's per-event code paths (io.eventgateway.loadtest.micro). Any JMH
# option passes through, e.g. a regex to pick benchmarks or -f/-wi/-i to change forks and iterations:
#   loadtest/bench/micro.sh                          every benchmark, the settings in the classes
#   loadtest/bench/micro.sh EventJsonBench.relay -rf json -rff target/micro.json
# CPU only, no network. Build first: mvn -DskipTests install (or package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CP_FILE="$ROOT/loadtest/target/runtime.classpath"
if [[ ! -f "$CP_FILE" ]]; then
  echo "missing $CP_FILE: build first (mvn -DskipTests package)" >&2
  exit 2
fi
cd "$ROOT"
exec java -cp "$ROOT/loadtest/target/classes:$(cat "$CP_FILE")" org.openjdk.jmh.Main "$@"
