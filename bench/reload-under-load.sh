#!/usr/bin/env bash
# Hot reload under load: closed-loop load (wrk, 32 connections, varied.lua) on riskgate pinned to core 1,
# first SECONDS without reloads (the baseline), then SECONDS with a new pack version every 5 s: a comment
# line appended to parameters.properties changes the content hash, and POST /admin/rules/reload compiles,
# gates (the shipped scenarios) and swaps it in. Records throughput, latency and errors of both phases,
# and each reload's answer and how long it took. The pack is a copy in a scratch directory.
# Usage: bench/reload-under-load.sh [seconds=60] [every=5]   -> bench/results/reload.json
source "$(dirname "$0")/lib.sh"
secs=${1:-60}; every=${2:-5}
ensure_tools; build_jars
work=$(mktemp -d); port=18186
cp -r rules "$work/rules"
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT
start_riskgate $port "$work/data" "$work/rules"
wait_healthy $port "" "$SERVICE_PID" >/dev/null
url=http://127.0.0.1:$port

echo "warm-up 10 s, baseline ${secs} s without reloads" >&2
wrk_json "$url" 10 32 >/dev/null
before=$(loadavg)
sample_foreign_cpu $((secs / 2)) "$work/foreign" "$SERVICE_PID"
baseline=$(wrk_json "$url" "$secs" 32)
wait "$FOREIGN_PID"
baseline=$(echo "$baseline" | jq --argjson meta "$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")" '. + $meta')

echo "${secs} s with a reload every ${every} s" >&2
reloader() {  # a new version due every $every s from the start, whatever the last reload took
  local i=0 t0 answer start
  sleep 2
  start=$(date +%s%N)
  while :; do
    i=$((i + 1))
    echo "# bench reload $i" >>"$work/rules/parameters.properties"
    t0=$(date +%s%N)
    answer=$(curl -s -m 60 -XPOST "$url/admin/rules/reload" -H "authorization: Bearer $BENCH_ADMIN_KEY" -w ' %{http_code}')
    jq -nc --argjson n "$i" --arg a "$answer" --argjson ms "$(( ($(date +%s%N) - t0) / 1000000 ))" \
      '{n: $n, http: ($a | split(" ") | last | tonumber), ms: $ms,
        result: (try ($a | sub(" [0-9]+$"; "") | fromjson | .active.result) catch null)}' >>"$work/reloads.jsonl"
    sleep "$(awk -v due="$((start + i * every * 1000000000))" -v now="$(date +%s%N)" 'BEGIN { d = (due - now) / 1e9; if (d < 0) d = 0; printf "%.2f\n", d }')"
  done
}
reloader & reloader_pid=$!
before=$(loadavg)
sample_foreign_cpu $((secs / 2)) "$work/foreign" "$SERVICE_PID"
during=$(wrk_json "$url" "$secs" 32)
wait "$FOREIGN_PID"
kill "$reloader_pid" 2>/dev/null; wait "$reloader_pid" 2>/dev/null || true
during=$(echo "$during" | jq --argjson meta "$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")" '. + $meta')
version=$(curl -s "$url/admin/rules" -H "authorization: Bearer $BENCH_ADMIN_KEY" | jq -c '{version: .active.version, loadedAt: .active.loadedAt}' 2>/dev/null || echo null)
cp "$work/data/service.log" bench/out/reload-service.log

jq -n --argjson baseline "$baseline" --argjson during "$during" --slurpfile reloads "$work/reloads.jsonl" \
  --argjson every "$every" --argjson secs "$secs" --argjson live "${version:-null}" \
  '{figure: "reload", seconds: $secs, reload_every_s: $every, baseline: $baseline, during_reloads: $during,
    reloads: ($reloads | length), reloads_swapped: ([$reloads[] | select(.http == 200)] | length),
    reload_results: ([$reloads[] | .result] | group_by(.) | map({(. [0] // "none"): length}) | add),
    reload_ms_p50: ([$reloads[] | .ms] | sort | .[length / 2 | floor]), reload_ms_max: ([$reloads[] | .ms] | max),
    rps_ratio_during_to_baseline: (($during.ok_rps / $baseline.ok_rps) * 1000 | round / 1000),
    live_pack_after: $live, reload_log: $reloads}' | tee "$RESULTS/reload.json"
