#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's per-event code paths (io.eventgateway.loadtest.micro). Any JMH
# option passes through, e.g. a regex to pick benchmarks or -f/-wi/-i to change forks and iterations:
#   loadtest/bench/micro.sh                          every benchmark, the settings in the classes
#   loadtest/bench/micro.sh EventJsonBench.relay -rf json -rff target/micro.json
# CPU only, no network. Build first: mvn -DskipTests install (or package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/loadtest/bench/lib.sh"
CP=$(loadtest_classpath)
cd "$ROOT"
exec java -cp "$CP" org.openjdk.jmh.Main "$@"
