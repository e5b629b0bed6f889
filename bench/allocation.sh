#!/usr/bin/env bash
# Bytes allocated per decision (issue 16's target: 10 KB or less). riskgate runs in the harness's JVM on a
# fresh embedded store; AllocationPerDecision sends WARMUP varied events one at a time over loopback, then
# counts what every service thread allocates over MEASURED more (the client's thread left out), by kind of
# thread. Twice: over 50,000 accounts (the throughput mix: under one earlier event per account) and over
# 2,000 (twenty: the rules then match far more history). A count, not a time: it holds on a busy machine.
# BASELINE_JAR=path/to/riskgate.jar (BASELINE_COMMIT=its commit) measures an older build the same way, for a
# before/after (build it from that commit with git archive and mvn package).
# Usage: bench/allocation.sh [warmup=20000] [measured=20000]   -> bench/results/allocation.json
source "$(dirname "$0")/lib.sh"
warmup=${1:-20000}; measured=${2:-20000}
ensure_tools; build_jars
measure() { # jar accounts
  java -Xmx"$HEAP" ${SERVICE_JVM_OPTS:-} -cp "$1:bench/target/riskgate-bench.jar" dev.riskgate.bench.AllocationPerDecision \
    rules none "$warmup" "$measured" "$2" 2>>bench/out/allocation.err | tail -1
}
runs() { # jar; one after the other: two at once starve each other's loopback client on a busy machine
  local many few
  many=$(measure "$1" 50000); few=$(measure "$1" 2000)
  printf '%s\n%s\n' "$many" "$few" | jq -s -c '.'
}
before=$(loadavg)
: >bench/out/allocation.err
current=$(runs target/riskgate.jar)
baseline=null
if [ -n "${BASELINE_JAR:-}" ]; then
  baseline=$(jq -n -c --argjson runs "$(runs "$BASELINE_JAR")" --arg commit "${BASELINE_COMMIT:-unknown}" '{commit: $commit, runs: $runs}')
fi
jq -n -c --argjson runs "$current" --argjson meta "$(meta_json "$before")" --argjson baseline "$baseline" \
  '{runs: $runs, meta: $meta, baseline: $baseline}' | tee "$RESULTS/allocation.json"
