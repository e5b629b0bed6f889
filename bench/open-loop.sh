#!/usr/bin/env bash
# Open-loop latency: a constant-rate generator (OpenLoop: Vert.x HTTP client, HdrHistogram) sends varied,
# never-repeated events at 1,000, 2,000 and 4,000 req/s and measures each request from its INTENDED send
# time, so a stalled server is charged for the requests it held up (no coordinated omission).
# riskgate pinned to core 1 on a fresh embedded store, the generator on core 0. Per rate: 10 s warm-up at
# that rate (not recorded), then SECONDS recorded; answers still missing 10 s after the last request was
# due count as unanswered. Rates run in ascending order on the same service.
# Usage: bench/open-loop.sh [seconds=30] [rates="1000 2000 4000"]   -> bench/results/open-loop.json
source "$(dirname "$0")/lib.sh"
secs=${1:-30}; rates=${2:-1000 2000 4000}
ensure_tools; build_jars
work=$(mktemp -d); port=18183
trap 'stop_pid "${SERVICE_PID:-}"; cp "$work/data/service.log" bench/out/open-loop-service.log 2>/dev/null; rm -rf "$work"' EXIT
start_riskgate $port "$work/data" rules; wait_healthy $port "" "$SERVICE_PID" >/dev/null

runs=()
for rate in $rates; do
  echo "open loop at $rate req/s: warm-up 10 s, then ${secs} s" >&2
  before=$(loadavg)
  sample_foreign_cpu $((10 + secs / 2)) "$work/foreign" "$SERVICE_PID"
  res=$(taskset -c "$LOAD_CPU" java -Xmx512m -cp "$BENCH_CP" dev.riskgate.bench.OpenLoop \
        "http://127.0.0.1:$port" "$rate" "$secs" 10 64 10 50000 2>>bench/out/open-loop.err)
  wait "$FOREIGN_PID"
  stopped=false; rss=null
  if kill -0 "$SERVICE_PID" 2>/dev/null; then rss=$(rss_kib "$SERVICE_PID"); else stopped=true; fi
  runs+=("$(echo "${res:-"{\"rate\": $rate}"}" | jq --argjson rss "$rss" --argjson stopped "$stopped" \
            --argjson meta "$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")" \
            '. + {rss_kib: $rss, service_stopped: $stopped} + $meta')")
  if [ "$stopped" = true ]; then
    echo "open-loop: the service stopped during the $rate req/s run (log: bench/out/open-loop-service.log)" >&2; break
  fi
  sleep 5   # let the service finish any backlog before the next rate
done
printf '%s\n' "${runs[@]}" | jq -s '{figure: "open-loop", accounts: 50000, runs: .}' | tee "$RESULTS/open-loop.json"
