#!/usr/bin/env bash
# What the console's index costs per decision, in CPU time of its one thread (riskgate-console-index),
# read from /proc: unlike throughput, CPU time is not moved by other processes on a busy machine. Each
# build is loaded closed-loop (wrk, varied.lua, 16 connections) for SECONDS on a fresh data dir; once the
# index has caught up (its thread's CPU stops moving), CPU seconds ÷ score lines in the decision log.
# BASELINE_JAR (optional): another build measured the same way in the same run, e.g. the one before a change.
# Usage: [BASELINE_JAR=path] bench/console-index-cpu.sh [seconds=15] [rounds=2]  -> bench/results/console-index-cpu.json
source "$(dirname "$0")/lib.sh"
secs=${1:-15}; rounds=${2:-2}
ensure_tools; build_jars
work=$(mktemp -d); port=18193; tck=$(getconf CLK_TCK)
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT

index_ticks() {  # pid -> utime+stime of the index thread, in clock ticks
  local t
  for t in /proc/"$1"/task/*; do
    if [ "$(cat "$t/comm" 2>/dev/null)" = "riskgate-consol" ]; then
      awk '{ print $14 + $15 }' "$t/stat"; return
    fi
  done
  echo 0
}

run() {  # name jar -> JSON of one run
  local name=$1 jar=$2 data res ticks last decisions
  data=$(mktemp -d -p "$work")
  RISKGATE_MAX_EVENT_AGE=2h RISKGATE_API_KEYS=$BENCH_API_KEY RISKGATE_ADMIN_KEYS=$BENCH_ADMIN_KEY \
  RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$data" RISKGATE_RULES_DIR=rules \
    taskset -c "$SERVICE_CPU" java -Xmx"$HEAP" -jar "$jar" serve >"$data/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_healthy $port "" "$SERVICE_PID" >/dev/null
  echo "$name: ${secs} s of load" >&2
  res=$(wrk_json "http://127.0.0.1:$port" "$secs" 16)
  last=-1; ticks=$(index_ticks "$SERVICE_PID")
  while [ "$ticks" != "$last" ]; do sleep 2; last=$ticks; ticks=$(index_ticks "$SERVICE_PID"); done
  decisions=$(cat "$data"/decisions/decisions-*.jsonl | grep -c '"kind":"score"')
  stop_pid "$SERVICE_PID"; SERVICE_PID=
  jq -nc --arg name "$name" --argjson ticks "$ticks" --argjson tck "$tck" --argjson n "$decisions" \
    --argjson rps "$(echo "$res" | jq '.ok_rps // .rps')" --argjson load "$(loadavg)" \
    '{build: $name, decisions: $n, ok_rps: $rps, index_cpu_s: ($ticks / $tck),
      us_per_decision: (($ticks / $tck) / $n * 1e6 * 10 | round / 10), loadavg: $load}'
}

runs="[]"
for _ in $(seq 1 "$rounds"); do
  if [ -n "${BASELINE_JAR:-}" ]; then
    r=$(run baseline "$BASELINE_JAR"); echo "$r" >&2; runs=$(jq -c --argjson r "$r" '. + [$r]' <<<"$runs")
  fi
  r=$(run this target/riskgate.jar); echo "$r" >&2; runs=$(jq -c --argjson r "$r" '. + [$r]' <<<"$runs")
done
jq -n --argjson runs "$runs" --argjson secs "$secs" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg commit "$(git log -1 --format=%h -- src/main pom.xml rules)" \
  '{figure: "console-index-cpu", at: $at, commit: $commit, seconds: $secs, runs: $runs}' \
  | tee "$RESULTS/console-index-cpu.json"
