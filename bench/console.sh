#!/usr/bin/env bash
# The analyst console at scale: writes a decision log of DECISIONS (1,000,000) decisions over the last 30
# days (100,000 accounts, 85% ALLOW, 10% STEP_UP, 5% BLOCK, up to three of eight rules each, 1% of the
# step-ups and blocks labelled), starts riskgate on it, times the console index's rebuild from that log
# (the service log's "console index: N decision log lines indexed ... in X ms"), then times each console
# page RUNS (21) times with curl on loopback: median, p95 and max, in milliseconds, as the server answers
# them (the whole HTTP exchange, rendering included).
# Usage: bench/console.sh [decisions=1000000] [runs=21]   -> bench/results/console.json
source "$(dirname "$0")/lib.sh"
decisions=${1:-1000000}; runs=${2:-21}
need curl || { echo "bench: curl is required" >&2; exit 1; }
need jq || { echo "bench: jq is required" >&2; exit 1; }
if [ ! -f target/riskgate.jar ] || [ -n "$(find src/main pom.xml -newer target/riskgate.jar -print -quit)" ]; then
  mvn -B -q -ntp package -DskipTests
fi
work=$(mktemp -d); port=18191
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT
mkdir -p "$work/data/decisions"

echo "writing $decisions decisions to a decision log" >&2
now=$(date +%s)
awk -v n="$decisions" -v now="$now" -v dir="$work/data/decisions" 'BEGIN {
  srand(18)
  split("new device: never seen on this account|velocity: top-ups in a burst|actor: someone other than the owner may be acting|resale: cartons of tobacco|drain: top-up then spend|store: first use of a store|night: spend at an unusual hour|amount: far above the account habit", rule, "|")
  split("25|30|0|40|35|15|10|20", pts, "|")
  file = 0
  for (i = 0; i < n; i++) {
    if (i % 200000 == 0) { file++; out = sprintf("%s/decisions-%06d.jsonl", dir, file) }
    a = int(rand() * 100000)
    ts = now - 30 * 86400 + int(i * (30 * 86400 - 600) / n)
    at = strftime("%Y-%m-%dT%H:%M:%SZ", ts, 1)
    r = rand(); verdict = r < 0.85 ? "ALLOW" : (r < 0.95 ? "STEP_UP" : "BLOCK")
    k = verdict == "ALLOW" ? int(rand() * 2) : 1 + int(rand() * 3)
    reasons = ""; score = 0
    for (j = 0; j < k; j++) {
      x = 1 + int(rand() * 8)
      if (index(reasons, rule[x]) > 0) continue
      reasons = reasons (reasons == "" ? "" : ",") sprintf("{\"rule\":\"%s\",\"points\":%d,\"message\":\"why %d\"}", rule[x], pts[x], x)
      score += pts[x]
    }
    score = verdict == "ALLOW" ? (score > 39 ? 39 : score) : (verdict == "STEP_UP" ? 40 + score % 40 : 80 + score % 21)
    id = sprintf("bench-%d", i)
    if (rand() < 0.5) {
      ev = sprintf("{\"eventId\":\"%s\",\"type\":\"charge\",\"accountId\":\"a%d\",\"deviceId\":\"d%d\",\"occurredAt\":\"%s\",\"amount\":%d,\"currency\":\"JPY\"}", id, a, a, at, 1000 + int(rand() * 9000))
    } else {
      price = 300 + int(rand() * 900)
      ev = sprintf("{\"eventId\":\"%s\",\"type\":\"purchase\",\"accountId\":\"a%d\",\"deviceId\":\"d%d\",\"occurredAt\":\"%s\",\"amount\":%d,\"currency\":\"JPY\",\"storeId\":\"s%d\",\"items\":[{\"sku\":\"bento\",\"category\":\"food\",\"quantity\":1,\"unitPrice\":%d}]}", id, a, a, at, price, int(a / 20), price)
    }
    printf "{\"kind\":\"score\",\"loggedAt\":\"%s\",\"event\":%s,\"answer\":{\"eventId\":\"%s\",\"decision\":\"%s\",\"score\":%d,\"reasons\":[%s],\"rulesVersion\":\"benchpack\"},\"rulesVersion\":\"benchpack\",\"latencyMicros\":120}\n", at, ev, id, verdict, score, reasons > out
    if (verdict != "ALLOW" && rand() < 0.01) {
      printf "{\"kind\":\"feedback\",\"loggedAt\":\"%s\",\"eventId\":\"%s\",\"outcome\":\"%s\"}\n", at, id, rand() < 0.6 ? "FRAUD" : "LEGIT" > out
    }
  }
}'
du -sh "$work/data/decisions" >&2

echo "starting riskgate on it; the console index is rebuilt in the background" >&2
RISKGATE_CASES_DIR=none start_riskgate $port "$work/data" rules
wait_healthy $port "$(date +%s%N)" "$SERVICE_PID" >/dev/null
for _ in $(seq 1 3600); do
  grep -q "console index: .* decision log lines indexed" "$work/data/service.log" && break
  kill -0 "$SERVICE_PID" || { echo "bench: riskgate died" >&2; exit 1; }
  sleep 1
done
rebuild=$(grep -o "console index: [0-9]* decision log lines indexed from .* in [0-9]* ms" "$work/data/service.log")
echo "$rebuild" >&2
rebuild_ms=$(sed 's/.* in \([0-9]*\) ms/\1/' <<<"$rebuild")
indexed=$(sed 's/console index: \([0-9]*\) .*/\1/' <<<"$rebuild")
index_bytes=$(du -cb "$work/data/console/" | tail -1 | cut -f1)

mid=$((decisions / 2))
from=$(date -u -d "@$((now - 2 * 86400))" +%Y-%m-%dT%H:%M:%S)
pages=(
  "/console"
  "/console/decisions?page=100"
  "/console/decisions?q=a4242"
  "/console/decisions?q=bench-$mid"
  "/console/decisions?decision=BLOCK"
  "/console/decisions?rule=store%3A%20first%20use%20of%20a%20store"
  "/console/decisions?rule=store%3A%20first%20use%20of%20a%20store&decision=BLOCK"
  "/console/decisions?decision=STEP_UP&from=$from"
  "/console/decisions?store=s500&decision=ALLOW"
  "/console/decisions/bench-$mid"
  "/console/accounts/a4242"
  "/console/devices/d4242"
  "/console/queue"
  "/console/rules?days=7"
  "/console/rules?days=30"
)
results="[]"
for p in "${pages[@]}"; do
  times=()
  for _ in $(seq 1 "$runs"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $BENCH_ADMIN_KEY" "http://127.0.0.1:$port$p")
    [ "$code" = 200 ] || { echo "bench: $p answered $code" >&2; exit 1; }
    times+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
  done
  stats=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%s %s %s", a[int((NR + 1) / 2)], a[int(NR * 0.95 + 0.5)], a[NR] }')
  read -r median p95 max <<<"$stats"
  printf '%-80s median %6s ms  p95 %6s ms  max %6s ms\n' "$p" "$median" "$p95" "$max" >&2
  results=$(jq -c --arg p "$p" --argjson m "$median" --argjson p95 "$p95" --argjson x "$max" '. + [{page: $p, medianMs: $m, p95Ms: $p95, maxMs: $x}]' <<<"$results")
done
jq -n --argjson pages "$results" --argjson decisions "$decisions" --argjson indexed "${indexed:-0}" \
  --argjson rebuildMs "${rebuild_ms:-0}" --argjson indexBytes "$index_bytes" --argjson runs "$runs" \
  --arg load "$(loadavg)" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  '{at: $at, loadavg1m: $load, decisions: $decisions, linesIndexed: $indexed, rebuildMs: $rebuildMs, indexBytes: $indexBytes, runsPerPage: $runs, pages: $pages}' \
  >"$RESULTS/console.json"
echo "wrote $RESULTS/console.json" >&2
