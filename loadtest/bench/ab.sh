#!/usr/bin/env bash
# A/B of two gateways on one stack, on a machine whose CPU steal comes and goes in spells. Runs
# cpu-per-event.sh against A and B in the order a b b a, ROUNDS times, and prints every run; then, per
# variant, the median CPU per accepted event of each process over the runs that are comparable: steal
# under MAX_STEAL % (default 10) and a generator that kept up. The others are printed but left out,
# since under steal the CPU per event moves by itself (descheduled processes batch more per wake-up).
#   [MAX_STEAL=10] [SCENARIO=steady] loadtest/bench/ab.sh RATE ROUNDS PORT_A PID_A PORT_B PID_B
# Management ports are the HTTP ports + 1010, as for cpu-per-event.sh. Each run lasts about a minute.
set -euo pipefail
[[ $# -eq 6 ]] || { sed -n 2,8p "$0" >&2; exit 2; }
RATE=$1 ROUNDS=$2
declare -A PORT=([a]=$3 [b]=$5) PID=([a]=$4 [b]=$6)
MAX_STEAL=${MAX_STEAL:-10}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS=$(mktemp)
trap 'rm -f "$RUNS"' EXIT

for ((round = 0; round < ROUNDS; round++)); do
  for v in a b b a; do
    line=$("$ROOT/loadtest/bench/cpu-per-event.sh" "${PORT[$v]}" "$RATE" "${PID[$v]}" | tail -1)
    echo "$(date +%T) $v $line"
    echo "$v $line" >> "$RUNS"
  done
done

echo "--- medians of comparable runs (steal < $MAX_STEAL %, generator kept up), us of CPU per event"
awk -v max="$MAX_STEAL" '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n == 0 ? "-" : (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
  }
  {
    variant = $1; total[variant]++
    steal = $0; sub(/.*steal /, "", steal); sub(/ .*/, "", steal)
    if (steal == "?" || steal + 0 >= max || $0 ~ /INVALID/) next
    kept[variant]++
    for (i = 2; i < NF; i++) if ($i ~ /^(gateway|kafka|loadgen|postgres|redis|all)$/) { cpu[variant, $i] = cpu[variant, $i] " " $(i + 1); roles[$i] = 1 }
  }
  END {
    for (variant in total) {
      printf "%s: %d of %d runs kept", variant, kept[variant] + 0, total[variant]
      n = split("gateway postgres kafka redis loadgen all", order, " ")
      for (k = 1; k <= n; k++) if (order[k] in roles) printf " | %s %s", order[k], median(cpu[variant, order[k]])
      printf "\n"
    }
  }' "$RUNS" | sort
