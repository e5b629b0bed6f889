#!/usr/bin/env bash
# What the console costs per decision, in CPU time read from /proc: unlike throughput, CPU time is not
# moved by other processes on a busy machine. For each build: a fresh data dir, a 10 s warm-up, then
# SECONDS of closed-loop load (wrk, varied.lua, 16 connections); once the index has caught up (its
# thread's CPU stops moving), the CPU the whole service and the index's thread (riskgate-console-index)
# used over the measured window ÷ the decisions logged in it. This build runs with the console on and with
# RISKGATE_CONSOLE=off: at saturation on one core, throughput with ÷ without ≈ CPU a decision without ÷ with.
# BASELINE_JAR (optional): another build (console always on) measured the same way in the same run.
# Usage: [BASELINE_JAR=path] bench/console-index-cpu.sh [seconds=15] [rounds=2]  -> bench/results/console-index-cpu.json
source "$(dirname "$0")/lib.sh"
secs=${1:-15}; rounds=${2:-2}
ensure_tools; build_jars
work=$(mktemp -d); port=18193; tck=$(getconf CLK_TCK)
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT

index_ticks() {  # pid -> utime+stime of the index thread, in clock ticks (0 without one)
  local t
  for t in /proc/"$1"/task/*; do
    if [ "$(cat "$t/comm" 2>/dev/null)" = "riskgate-consol" ]; then
      awk '{ print $14 + $15 }' "$t/stat"; return
    fi
  done
  echo 0
}
process_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
logged() { cat "$1"/decisions/decisions-*.jsonl 2>/dev/null | grep -c '"kind":"score"' || true; }

run() {  # name jar console -> JSON of one run
  local name=$1 jar=$2 console=$3 data res p0 i0 n0 p1 i1 n1 last
  data=$(mktemp -d -p "$work")
  RISKGATE_CONSOLE=$console RISKGATE_MAX_EVENT_AGE=2h RISKGATE_API_KEYS=$BENCH_API_KEY RISKGATE_ADMIN_KEYS=$BENCH_ADMIN_KEY \
  RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$data" RISKGATE_RULES_DIR=rules \
    taskset -c "$SERVICE_CPU" java -Xmx"$HEAP" $SERVICE_JVM_OPTS -jar "$jar" serve >"$data/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_healthy $port "" "$SERVICE_PID" >/dev/null
  echo "$name: warm-up 10 s, then ${secs} s" >&2
  wrk_json "http://127.0.0.1:$port" 10 16 >/dev/null
  sleep 2
  p0=$(process_ticks "$SERVICE_PID"); i0=$(index_ticks "$SERVICE_PID"); n0=$(logged "$data")
  res=$(wrk_json "http://127.0.0.1:$port" "$secs" 16)
  last=-1; i1=$(index_ticks "$SERVICE_PID")
  while [ "$i1" != "$last" ]; do sleep 2; last=$i1; i1=$(index_ticks "$SERVICE_PID"); done
  p1=$(process_ticks "$SERVICE_PID"); n1=$(logged "$data")
  stop_pid "$SERVICE_PID"; SERVICE_PID=
  jq -nc --arg name "$name" --arg console "$console" --argjson tck "$tck" --argjson n $((n1 - n0)) \
    --argjson p $((p1 - p0)) --argjson i $((i1 - i0)) \
    --argjson rps "$(echo "$res" | jq '.ok_rps // .rps')" --argjson load "$(loadavg)" \
    '{build: $name, console: $console, decisions: $n, ok_rps: $rps,
      service_us_per_decision: ($p / $tck / $n * 1e6 * 10 | round / 10),
      index_us_per_decision: ($i / $tck / $n * 1e6 * 10 | round / 10), loadavg: $load}'
}

runs="[]"
add() { echo "$1" >&2; runs=$(jq -c --argjson r "$1" '. + [$r]' <<<"$runs"); }
for _ in $(seq 1 "$rounds"); do
  if [ -n "${BASELINE_JAR:-}" ]; then add "$(run baseline "$BASELINE_JAR" on)"; fi
  add "$(run this target/riskgate.jar on)"
  add "$(run this target/riskgate.jar off)"
done
jq -n --argjson runs "$runs" --argjson secs "$secs" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg commit "$(git log -1 --format=%h -- src/main pom.xml rules)" '
  def mean(b; c; f): [.[] | select(.build == b and .console == c) | f] | add / length;
  {figure: "console-index-cpu", at: $at, commit: $commit, seconds: $secs, runs: $runs,
   service_cpu_on_over_off: (($runs | mean("this"; "on"; .service_us_per_decision))
                             / ($runs | mean("this"; "off"; .service_us_per_decision)) * 1000 | round / 1000)}' \
  | tee "$RESULTS/console-index-cpu.json"
