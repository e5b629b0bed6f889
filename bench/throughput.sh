#!/usr/bin/env bash
# Throughput and closed-loop latency: riskgate POST /v1/score against the bare route (same Vert.x stack,
# same JSON parsed, constant answer) in the same run. Both servers pinned to core 1, wrk (one thread,
# varied.lua: varied never-repeated charges and purchases over 50,000 accounts) on core 0, on loopback.
# Each server gets a 10 s warm-up, then SECONDS measured; riskgate runs on a fresh embedded store.
# Usage: bench/throughput.sh [seconds=30] [connections=32]   -> bench/results/throughput.json
source "$(dirname "$0")/lib.sh"
secs=${1:-30}; conns=${2:-32}
ensure_tools; build_jars
work=$(mktemp -d); rg_port=18181; bare_port=18182
trap 'stop_pid "${SERVICE_PID:-}"; stop_pid "${BARE_PID:-}"; rm -rf "$work"' EXIT

start_riskgate $rg_port "$work/data" rules; wait_healthy $rg_port "" "$SERVICE_PID" >/dev/null
start_bare_route $bare_port; wait_healthy $bare_port "" "$BARE_PID" >/dev/null

measure() {  # name port pid -> JSON of one server's run
  local name=$1 port=$2 pid=$3 before res foreign
  echo "$name: warm-up 10 s, then ${secs} s at $conns connections" >&2
  wrk_json "http://127.0.0.1:$port" 10 "$conns" >/dev/null
  before=$(loadavg)
  sample_foreign_cpu $((secs / 2)) "$work/foreign" "$SERVICE_PID" "$BARE_PID"
  res=$(wrk_json "http://127.0.0.1:$port" "$secs" "$conns")
  wait "$FOREIGN_PID"
  foreign=$(cat "$work/foreign" 2>/dev/null || echo null)
  echo "$res" | jq --argjson rss "$(rss_kib "$pid")" --argjson meta "$(meta_json "$before" "${foreign:-null}")" \
    '. + {rss_kib: $rss} + $meta'
}

bare=$(measure bare-route $bare_port "$BARE_PID")
rg=$(measure riskgate $rg_port "$SERVICE_PID")
jq -n --argjson rg "$rg" --argjson bare "$bare" --argjson secs "$secs" --argjson conns "$conns" \
  '{figure: "throughput", seconds: $secs, connections: $conns, accounts: 50000, riskgate: $rg, bare_route: $bare,
    ratio_rps: (($rg.ok_rps / $bare.ok_rps) * 1000 | round / 1000),
    ratio_p99: (($rg.p99_us / $bare.p99_us) * 10 | round / 10)}' | tee "$RESULTS/throughput.json"
