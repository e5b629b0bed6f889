#!/usr/bin/env bash
# What a feature costs POST /v1/score: closed-loop throughput (wrk, varied.lua, 32 connections) of the same
# build with the feature off and on, in the same run, alternating off on off on so that a change in the
# machine's load shows as a spread, not as a difference. Each run: a fresh data dir, 10 s warm-up, SECONDS
# measured, riskgate pinned to SERVICE_CPU.
#   console  the analyst console and its index (off: RISKGATE_CONSOLE=off; on: the default)
#   alerts   account-holder alerts (off: no endpoint, the default; on: RISKGATE_WEBHOOK_URL to a receiver
#            on LOAD_CPU answering 204, so every alert the pack raises is committed, claimed and delivered)
# After the closed loop, each run also sends OPEN_RATE req/s (default 2000, two fifths of one core) open-loop
# for SECONDS (OpenLoop: latency from the intended send time): what the feature costs an answer's latency
# when the core is not saturated, which throughput does not show.
# Usage: bench/feature-cost.sh console|alerts [seconds=20] [rounds=2]   -> bench/results/FEATURE-cost.json
source "$(dirname "$0")/lib.sh"
feature=${1:?usage: bench/feature-cost.sh console|alerts [seconds] [rounds]}; secs=${2:-20}; rounds=${3:-2}
open_rate=${OPEN_RATE:-2000}
case $feature in console | alerts) ;; *) echo "feature-cost: unknown feature '$feature' (console, alerts)" >&2; exit 2 ;; esac
ensure_tools; build_jars
work=$(mktemp -d); port=18192; receiver_port=18193
trap 'stop_pid "${SERVICE_PID:-}"; stop_pid "${BARE_PID:-}"; rm -rf "$work"' EXIT

if [ "$feature" = alerts ]; then
  # The receiver runs on the load generator's core: its work is not the service's.
  taskset -c "$LOAD_CPU" java -Xmx256m -cp "$BENCH_CP" dev.riskgate.bench.BareRoute "$receiver_port" >bench/out/receiver.log 2>&1 &
  BARE_PID=$!
  wait_healthy $receiver_port "" "$BARE_PID" >/dev/null
fi

# The feature's settings for one run (off or on), as NAME=value words.
settings() {
  case "$feature/$1" in
    console/off) echo RISKGATE_CONSOLE=off ;;
    console/on) echo RISKGATE_CONSOLE=on ;;
    alerts/off) echo RISKGATE_WEBHOOK_URL= ;;
    alerts/on) echo "RISKGATE_WEBHOOK_URL=http://127.0.0.1:$receiver_port/webhook" \
        "RISKGATE_WEBHOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw RISKGATE_ALERTS_ALLOW_PRIVATE=true" ;;
  esac
}

# The service's counters a run reports beside its throughput (alerts queued and delivered).
counters() {
  curl -fs "http://127.0.0.1:$port/metrics" -H "authorization: Bearer $BENCH_ADMIN_KEY" |
    awk '/^riskgate_alerts_queued_total/ { q += $2 } /^riskgate_alert_deliveries_total.*outcome="delivered"/ { d += $2 }
         END { printf "{\"alerts_queued\":%d,\"alerts_delivered\":%d}", q, d }'
}

run() {  # off|on -> JSON of one run
  local state=$1 data before res vars v
  data=$(mktemp -d -p "$work")
  read -ra vars <<<"$(settings "$state")"
  for v in "${vars[@]}"; do export "${v?}"; done
  start_riskgate $port "$data" rules
  for v in "${vars[@]}"; do unset "${v%%=*}"; done
  wait_healthy $port "" "$SERVICE_PID" >/dev/null
  echo "$feature $state: warm-up 10 s, then ${secs} s" >&2
  wrk_json "http://127.0.0.1:$port" 10 32 >/dev/null
  before=$(loadavg)
  res=$(wrk_json "http://127.0.0.1:$port" "$secs" 32)
  sleep 1
  local seen open; seen=$(counters)
  open=$(taskset -c "$LOAD_CPU" java -Xmx512m -cp "$BENCH_CP" dev.riskgate.bench.OpenLoop \
        "http://127.0.0.1:$port" "$open_rate" "$secs" 10 64 10 50000 2>>bench/out/feature-cost.err)
  stop_pid "$SERVICE_PID"; SERVICE_PID=
  echo "$res" | jq -c --arg state "$state" --argjson before "$before" --argjson after "$(loadavg)" --argjson seen "$seen" \
    --argjson open "${open:-null}" --argjson rate "$open_rate" \
    '{state: $state, ok_rps: (.ok_rps // .rps), p99_us, requests, loadavg_before: $before, loadavg_after: $after} + $seen
     + {open_rate: $rate, open_p50_us: $open.p50_us, open_p99_us: $open.p99_us, open_p999_us: $open.p999_us}'
}

runs="[]"
for _ in $(seq 1 "$rounds"); do
  for state in off on; do
    r=$(run $state)
    echo "$r" >&2
    runs=$(jq -c --argjson r "$r" '. + [$r]' <<<"$runs")
  done
done
jq -n --argjson runs "$runs" --argjson secs "$secs" --arg feature "$feature" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg commit "$(git log -1 --format=%h -- src/main pom.xml rules)" '
  def mean(s): [.[] | select(.state == s) | .ok_rps] | add / length;
  {figure: "\($feature)-cost", feature: $feature, at: $at, commit: $commit, seconds: $secs, runs: $runs,
   ratio_rps: (($runs | mean("on")) / ($runs | mean("off")) * 1000 | round / 1000)}' \
  | tee "$RESULTS/$feature-cost.json"
