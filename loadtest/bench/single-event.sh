#!/usr/bin/env bash
# Single-event POST benchmark: the machine's HTTP ceiling (a do-nothing Vert.x server) and the gateway on
# the dev stack at fixed rates, interleaved, REPEAT times, so every figure has a same-run baseline.
# Needs a running gateway (bin/gateway dev) at TARGET. Traffic goes to loopback only; every run is bounded.
#   loadtest/bench/single-event.sh [TARGET] [REPEAT] [RATES...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET=${1:-http://127.0.0.1:8080}
REPEAT=${2:-3}
shift $(( $# > 2 ? 2 : $# ))
RATES=${*:-1000 2000 4000}
BASELINE_PORT=18081
CP="$ROOT/loadtest/target/classes:$(cat "$ROOT/loadtest/target/runtime.classpath")"

java -cp "$CP" io.eventgateway.loadtest.BaselineServer "$BASELINE_PORT" 3600 > /dev/null &
baseline=$!
trap 'kill $baseline 2>/dev/null' EXIT
sleep 2

run() { # name target rate
  local out
  out=$("$ROOT/bin/loadtest" run steady --target "$2" --no-verify true --rate "$3" --duration 20s --warmup 10s \
    --connections 64 | grep -v '^t=' || true)
  printf '%-9s rate=%-5s %s\n' "$1" "$3" "$(echo "$out" | awk '/^measured/ {gsub(/[(\/s)]/, "", $4); tp=$4} /^all / {p50=$3; p99=$5; max=$7} /^INVALID/ {w=" GENERATOR-BEHIND"} END {print "throughput=" tp "/s p50=" p50 "ms p99=" p99 "ms max=" max "ms" w}')"
}

for i in $(seq 1 "$REPEAT"); do
  echo "# repetition $i"
  run baseline "http://127.0.0.1:$BASELINE_PORT" 4000
  for rate in $RATES; do
    run gateway "$TARGET" "$rate"
  done
done
