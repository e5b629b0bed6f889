#!/usr/bin/env bash
# What the console costs POST /v1/score: closed-loop throughput (wrk, varied.lua, 32 connections) of this
# build against BASELINE_JAR, a build without the console (the commit before it, 9906cd5: build it with
# `git archive 9906cd5 | tar -x -C DIR && mvn -f DIR/pom.xml package -DskipTests`), in the same run,
# alternating A B A B so that a change in the machine's load shows as a spread, not as a difference.
# Each run: a fresh data dir, 10 s warm-up, SECONDS measured. The console's index is fed by every decision.
# Usage: BASELINE_JAR=path bench/console-cost.sh [seconds=20] [rounds=2]   -> bench/results/console-cost.json
source "$(dirname "$0")/lib.sh"
secs=${1:-20}; rounds=${2:-2}
baseline=${BASELINE_JAR:?set BASELINE_JAR to a riskgate.jar built without the console}
ensure_tools; build_jars
work=$(mktemp -d); port=18192
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT

run() {  # name jar -> JSON of one run
  local name=$1 jar=$2 data before res
  data=$(mktemp -d -p "$work")
  RISKGATE_MAX_EVENT_AGE=2h RISKGATE_API_KEYS=$BENCH_API_KEY RISKGATE_ADMIN_KEYS=$BENCH_ADMIN_KEY \
  RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$data" RISKGATE_RULES_DIR=rules \
    taskset -c "$SERVICE_CPU" java -Xmx"$HEAP" -jar "$jar" serve >"$data/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_healthy $port "" "$SERVICE_PID" >/dev/null
  echo "$name: warm-up 10 s, then ${secs} s" >&2
  wrk_json "http://127.0.0.1:$port" 10 32 >/dev/null
  before=$(loadavg)
  res=$(wrk_json "http://127.0.0.1:$port" "$secs" 32)
  stop_pid "$SERVICE_PID"; SERVICE_PID=
  echo "$res" | jq -c --arg name "$name" --argjson before "$before" --argjson after "$(loadavg)" \
    '{build: $name, ok_rps: (.ok_rps // .rps), p99_us, loadavg_before: $before, loadavg_after: $after}'
}

runs="[]"
for _ in $(seq 1 "$rounds"); do
  for b in without with; do
    if [ $b = without ]; then r=$(run "without console" "$baseline"); else r=$(run "with console" target/riskgate.jar); fi
    echo "$r" >&2
    runs=$(jq -c --argjson r "$r" '. + [$r]' <<<"$runs")
  done
done
jq -n --argjson runs "$runs" --argjson secs "$secs" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg commit "$(git log -1 --format=%h -- src/main pom.xml rules)" '
  def mean(b): [.[] | select(.build == b) | .ok_rps] | add / length;
  {figure: "console-cost", at: $at, commit: $commit, seconds: $secs, runs: $runs,
   ratio_rps: (($runs | mean("with console")) / ($runs | mean("without console")) * 1000 | round / 1000)}' \
  | tee "$RESULTS/console-cost.json"
