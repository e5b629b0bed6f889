#!/usr/bin/env bash
# State at scale: fills a fresh embedded store with ACCOUNTS accounts (1,000,000) through the normal
# import path (`riskgate import`: each settled event recorded as an allowed attempt, as Scorer records
# one), then measures the disk size, restart to healthy (launch of `serve` on that store until GET /health
# answers 200, pack compile included), RSS once healthy, and RSS and throughput after a closed-loop run
# (32 connections, varied.lua over the same accounts). For scale, the same restart on an empty store
# (JVM start and pack compile alone) is measured first, and the store's own loading time is read from the
# service log ("state: N keys loaded ... in X ms").
# The event file: EVENTS_PER_ACCOUNT (1) settled purchases per account over the last 7 days, each account
# on its own phone, 20 accounts per store. The import is bounded by IMPORT_LIMIT seconds (1200); when it
# stops early the result says how many accounts it reached.
# Usage: bench/state-1m.sh [accounts=1000000] [load seconds=20]   -> bench/results/state.json
source "$(dirname "$0")/lib.sh"
accounts=${1:-1000000}; secs=${2:-20}
per_account=${EVENTS_PER_ACCOUNT:-1}; limit=${IMPORT_LIMIT:-1200}
ensure_tools; build_jars
work=$(mktemp -d); port=18185
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT

echo "restart on an empty store (JVM start and pack compile)" >&2
t0=$(date +%s%N)
start_riskgate $port "$work/empty" rules
restart_empty_s=$(wait_healthy $port "$t0" "$SERVICE_PID")
rss_empty=$(rss_kib "$SERVICE_PID")
stop_pid "$SERVICE_PID"

echo "writing $((accounts * per_account)) events for $accounts accounts" >&2
now=$(date +%s)
awk -v n="$accounts" -v per="$per_account" -v now="$now" 'BEGIN {
  srand(11)
  total = n * per
  for (i = 0; i < total; i++) {
    a = i % n
    ts = now - 7 * 86400 + int(i * (7 * 86400 - 3600) / total)
    price = 300 + int(rand() * 900)
    printf "{\"eventId\":\"fill-%d\",\"type\":\"purchase\",\"accountId\":\"a%d\",\"deviceId\":\"d%d\",\"occurredAt\":\"%s\",\"amount\":%d,\"currency\":\"JPY\",\"storeId\":\"s%d\",\"items\":[{\"sku\":\"bento\",\"category\":\"food\",\"quantity\":1,\"unitPrice\":%d}]}\n",
      i, a, a, strftime("%Y-%m-%dT%H:%M:%SZ", ts, 1), price, int(a / 20), price
  }
}' >"$work/events.jsonl"

echo "importing (at most ${limit} s)" >&2
before=$(loadavg)
started=$(date +%s%N)
set +e
taskset -c "$SERVICE_CPU" timeout "$limit" java -Xmx4g -jar target/riskgate.jar import --events "$work/events.jsonl" \
  --rules rules --data "$work/data" >"$work/import.out" 2>"$work/import.err"
import_rc=$?
set -e
import_s=$(awk -v a="$(date +%s%N)" -v b="$started" 'BEGIN { printf "%.1f\n", (a - b) / 1e9 }')
cp "$work/import.err" bench/out/state-import.err
# The import's progress lines ("import: 450,000/1,000,000 ...") say how far it got if the limit stopped it.
reached=$(grep -o 'import: [0-9,]*/' "$work/import.err" | tail -1 | tr -dc '0-9')
reached=${reached:-0}
[ "$import_rc" = 0 ] && reached=$((accounts * per_account))
accounts_filled=$(( reached < accounts ? reached : accounts ))
import_meta=$(meta_json "$before")
db_bytes=$(du -sb "$work/data" | cut -f1)

echo "restart: serve on the filled store" >&2
t0=$(date +%s%N)
start_riskgate $port "$work/data" rules
restart_s=$(wait_healthy $port "$t0" "$SERVICE_PID")
rss_healthy=$(rss_kib "$SERVICE_PID")
state_load_ms=$(grep -o 'state: [0-9]* keys loaded from [^ ]* in [0-9]* ms' "$work/data/service.log" | awk '{ print $(NF-1) }' | tail -1)
state_load_ms=${state_load_ms:-null}

echo "closed loop: warm-up 10 s, then ${secs} s over $accounts_filled accounts" >&2
export ACCOUNTS=$accounts_filled
wrk_json "http://127.0.0.1:$port" 10 32 >/dev/null
before=$(loadavg)
sample_foreign_cpu $((secs / 2)) "$work/foreign" "$SERVICE_PID"
load=$(wrk_json "http://127.0.0.1:$port" "$secs" 32)
wait "$FOREIGN_PID"
rss_loaded=$(rss_kib "$SERVICE_PID")
load_meta=$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")

jq -n --argjson target "$accounts" --argjson filled "$accounts_filled" --argjson events "$reached" \
  --argjson import_s "$import_s" --argjson complete "$([ "$import_rc" = 0 ] && echo true || echo false)" \
  --argjson db "$db_bytes" --argjson restart "$restart_s" --argjson rss_h "$rss_healthy" --argjson rss_l "$rss_loaded" \
  --argjson load "$load" --argjson im "$import_meta" --argjson lm "$load_meta" --arg heap "$HEAP" \
  --argjson restart_empty "$restart_empty_s" --argjson rss_e "$rss_empty" --argjson state_load_ms "$state_load_ms" \
  '{figure: "state", accounts_target: $target, accounts_filled: $filled, events_imported: $events,
    import_complete: $complete, import_seconds: $import_s, import_events_per_s: (($events / $import_s) | round),
    db_bytes: $db, db_mib: (($db / 1048576) | round), restart_to_healthy_s: $restart, service_heap: $heap,
    restart_empty_store_s: $restart_empty, rss_empty_store_mib: (($rss_e / 1024) | round), state_load_ms: $state_load_ms,
    rss_healthy_mib: (($rss_h / 1024) | round), rss_after_load_mib: (($rss_l / 1024) | round),
    load: $load, import_meta: $im, load_meta: $lm}' | tee "$RESULTS/state.json"
