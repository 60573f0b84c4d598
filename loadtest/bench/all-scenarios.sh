#!/usr/bin/env bash
# Every load scenario on the embedded stack, one after the other, then a markdown table of the results
# for docs/benchmarks.md. The component ceilings are measured first, in the same session.
#   loadtest/bench/all-scenarios.sh [SCENARIO ...]     (default: all but soak)
# Loopback only; every run is bounded by its scenario and stops by itself.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SCENARIOS=${*:-steady capacity spike poisson duplicate-storm batch hot-keys backend-faults websocket}
OUT="target/loadtest/all-$(date -u +%H%M%S)"
mkdir -p "$OUT"

if [[ -x loadtest/bench/ceilings.sh ]]; then
  loadtest/bench/ceilings.sh --out "$OUT/ceilings" | tee "$OUT/ceilings.txt"
fi
for scenario in $SCENARIOS; do
  echo "== $scenario"
  bin/loadtest run "$scenario" --out "$OUT" | grep -v '^t=' | tail -20
done
CP="$ROOT/loadtest/target/classes:$(cat "$ROOT/loadtest/target/runtime.classpath")"
java -cp "$CP" io.eventgateway.loadtest.SummaryTable "$OUT"/*/summary.json | tee "$OUT/table.md"
