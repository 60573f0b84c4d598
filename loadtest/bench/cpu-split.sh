#!/usr/bin/env bash
# Where the CPU goes per event: drives the gateway at a fixed rate (bin/loadtest, steady scenario) and,
# over the measured window only, counts the CPU time of every process on the machine by role (gateway,
# Kafka broker, PostgreSQL, Redis, load generator), from /proc, counting only the gateway's process tree
# (bin/gateway dev starts the backends as its children) and the load generator's; meanwhile a JFR recording of the gateway
# splits its own samples by component (HTTP, JSON, Redis client, PostgreSQL client, Kafka client...).
# Needs a gateway on the embedded stack at TARGET (bin/gateway dev). Loopback only; bounded in time.
#   [JFR=0] loadtest/bench/cpu-split.sh [TARGET] [RATE] [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET=${1:-http://127.0.0.1:8080}
RATE=${2:-4000}
SECONDS_MEASURED=${3:-40}
WARMUP=10
OUT=$(mktemp -d)
TICKS=$(getconf CLK_TCK)

. "$ROOT/loadtest/bench/lib.sh"

snapshot() { # prints "role ticks" for the gateway, the backends it started, and the load generator
  declare -A parent
  local stat pid rest
  for stat in /proc/[0-9]*/stat; do
    pid=${stat#/proc/}; pid=${pid%/stat}
    rest=$(sed 's/.*) //' "$stat" 2>/dev/null) || continue
    parent[$pid]=$(echo "$rest" | awk '{print $2}')
  done
  for pid in "${!parent[@]}"; do
    local p=$pid ours=""
    while [[ -n "$p" && "$p" != 0 && "$p" != 1 ]]; do
      if [[ "$p" == "$gateway_pid" || "$p" == "$load" ]]; then ours=1; break; fi
      p=${parent[$p]:-}
    done
    [[ -z "$ours" ]] && continue
    local cmd r
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || continue
    r=$(role "$cmd")
    [[ -z "$r" ]] && continue
    # Fields 14 and 15: utime and stime, counted after the ")" that ends the command name.
    awk -v r="$r" '{ sub(/.*\) /, ""); print r, $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || true
  done
}

# The gateway of this checkout (GATEWAY_PID overrides): another checkout's may run beside it.
gateway_pid=${GATEWAY_PID:-$(pgrep -f "java .*$ROOT/(dev/target/classes|gateway/target/event-gateway.jar)" | head -1)}
if [[ -z "$gateway_pid" ]]; then
  echo "no gateway process found: start bin/gateway dev first" >&2
  exit 2
fi

"$ROOT/bin/loadtest" run steady --target "$TARGET" --no-verify true --rate "$RATE" \
  --duration "$((SECONDS_MEASURED + 10))s" --warmup "${WARMUP}s" > "$OUT/loadtest.log" &
load=$!
export gateway_pid load
# The measured window starts after bin/loadtest's pre-warm and the scenario's warm-up.
until grep -q '^Running ' "$OUT/loadtest.log" 2>/dev/null; do sleep 1; done
sleep $((WARMUP + 5))
# JFR's profile settings cost the gateway enough CPU to move its latency: JFR=0 measures without it.
if [[ "${JFR:-1}" == 1 ]]; then
  jcmd "$gateway_pid" JFR.start name=cpu-split settings=profile filename="$OUT/gateway.jfr" > /dev/null
fi
snapshot > "$OUT/before"
start=$(date +%s.%N)
sleep "$SECONDS_MEASURED"
snapshot > "$OUT/after"
end=$(date +%s.%N)
[[ "${JFR:-1}" == 1 ]] && jcmd "$gateway_pid" JFR.stop name=cpu-split > /dev/null
wait "$load" || true
grep -E '^(measured|all |INVALID|CPU steal)' "$OUT/loadtest.log" || true

events=$(awk -v r="$RATE" -v s="$start" -v e="$end" 'BEGIN { printf "%d", r * (e - s) }')
echo
echo "CPU per event over ${SECONDS_MEASURED} s at ${RATE}/s (~${events} events), from /proc:"
awk -v ticks="$TICKS" -v events="$events" -v secs="$SECONDS_MEASURED" '
  FNR == NR { before[$1] += $2; next }
  { after[$1] += $2 }
  END {
    printf "%-10s %12s %14s\n", "process", "cores used", "CPU us/event"
    for (r in after) {
      cpu = (after[r] - before[r]) / ticks
      total += cpu
      printf "%-10s %12.2f %14.1f\n", r, cpu / secs, cpu * 1e6 / events
    }
    printf "%-10s %12.2f %14.1f\n", "all", total / secs, total * 1e6 / events
  }' "$OUT/before" "$OUT/after"

[[ "${JFR:-1}" == 1 ]] || { echo; echo "Files: $OUT"; exit 0; }
echo
echo "Gateway JVM, JFR execution samples by the component of the innermost known frame:"
jfr print --events jdk.ExecutionSample "$OUT/gateway.jfr" | awk '
  /stackTrace = \[/ { inStack = 1; done = 0; next }
  inStack && /^[[:space:]]*\]/ { if (!done) { count["other (JDK, JIT stubs)"]++ } total++; inStack = 0; next }
  inStack && !done {
    c = ""
    if ($0 ~ /org\.apache\.kafka/) c = "Kafka client (relay)"
    else if ($0 ~ /io\.vertx\.pgclient|io\.vertx\.sqlclient/) c = "PostgreSQL client"
    else if ($0 ~ /io\.vertx\.redis/) c = "Redis client"
    else if ($0 ~ /com\.fasterxml\.jackson|io\.vertx\.core\.json/) c = "JSON"
    else if ($0 ~ /io\.vertx\.core\.http|io\.vertx\.ext\.web|io\.netty\.handler\.codec\.http/) c = "HTTP (Vert.x, Netty codec)"
    else if ($0 ~ /io\.eventgateway\.stream/) c = "relay (gateway code)"
    else if ($0 ~ /io\.eventgateway/) c = "ingest (gateway code)"
    else if ($0 ~ /io\.netty/) c = "Netty transport, buffers"
    else if ($0 ~ /io\.micrometer|io\.vertx\.micrometer/) c = "metrics"
    else if ($0 ~ /io\.vertx/) c = "Vert.x core"
    if (c != "") { count[c]++; done = 1 }
  }
  END { for (c in count) printf "%6.1f %%  %s\n", 100 * count[c] / total, c; printf "(%d samples)\n", total }' | sort -rn
echo
echo "Files: $OUT"
