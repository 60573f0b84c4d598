#!/usr/bin/env bash
# CPU per accepted event, by process, for one steady run against a running gateway: for A/B runs of two
# builds on one stack. Drives the gateway with bin/loadtest (no delivery check), reads every process's CPU
# from /proc and the gateway's accepted-events counter 12 s into the measured window and 20 s later, and
# prints microseconds of CPU per accepted event for the gateway, PostgreSQL, Redis, the Kafka broker and
# the load generator, with the run's accepted rate, CPU steal and latency.
#   [SCENARIO=steady] loadtest/bench/cpu-per-event.sh PORT RATE GATEWAY_PID [MANAGEMENT_PORT]
# MANAGEMENT_PORT defaults to PORT+1010. SCENARIO names conf/scenarios/*.yaml (RATE is its rate: requests
# per second for batch). Loopback only; the run lasts about a minute and stops by itself.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n 2,9p "$0" >&2; exit 2; }
PORT=$1 RATE=$2 GWPID=$3 MGMT=${4:-$(($1 + 1010))}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/loadtest/bench/lib.sh"
LOG=$(mktemp)
trap 'rm -f "$LOG" "$LOG".1 "$LOG".2' EXIT

# Cumulative CPU ticks (user + system) per role.
snapshot() {
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    c=$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null) || continue
    r=$(role "$c")
    # The gateway measured is the one given; another gateway on the stack is left out.
    if [[ $p == "$GWPID" ]]; then r=gateway; elif [[ $r == gateway || -z $r ]]; then continue; fi
    awk -v r=$r '{sub(/.*\) /, ""); print r, $12 + $13}' "$d/stat" 2>/dev/null || true
  done | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
accepted() {
  curl -s "http://127.0.0.1:$MGMT/metrics" \
    | awk -F'} ' '/^eventgateway_events_total\{outcome="accepted"/ {printf "%d", $2}'
}

bin/loadtest run "${SCENARIO:-steady}" --target "http://127.0.0.1:$PORT" --no-verify true --rate "$RATE" --duration 25s \
  --warmup 10s --prewarm 10s > "$LOG" 2>&1 &
RUN=$!
until grep -q '^Running ' "$LOG" 2>/dev/null; do
  kill -0 $RUN 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 1
done
sleep 12
N1=$(accepted); snapshot > "$LOG".1; T1=$(date +%s.%N)
sleep 20
N2=$(accepted); snapshot > "$LOG".2; T2=$(date +%s.%N)
wait $RUN || true
TICK=$(getconf CLK_TCK)
# A role seen in one snapshot only would drop out of the join below, and out of "all": say so.
MISSING=$(join -v1 -v2 "$LOG".1 "$LOG".2 | awk '{print $1}' | tr '\n' ' ')
[[ -z $MISSING ]] || echo "not in both snapshots, left out of the figures: $MISSING" >&2
join "$LOG".1 "$LOG".2 | awk -v n=$((N2 - N1)) -v t="$(echo "$T2 - $T1" | bc)" -v hz="$TICK" '
  {d = ($3 - $2) / hz; all += d; printf "%s %.0f  ", $1, d * 1e6 / n}
  END {printf "all %.0f us/event | %.0f accepted/s | ", all * 1e6 / n, n / t}'
echo "steal $(grep -o 'window: [0-9.]* %' "$LOG" | grep -o '[0-9.]*' || echo '?') %" \
  "| $(grep -E '^all' "$LOG" | awk '{print "p50", $3, "p90", $4, "p99", $5, "ms"}')" \
  "$(grep -q INVALID "$LOG" && echo '| INVALID: the generator fell behind')"
