#!/usr/bin/env bash
# Scoring throughput and latency on this machine: the jar on the embedded store, wrk on loopback.
# Usage: bench/load.sh [seconds=30] [connections=16]. Prints wrk's latency distribution and the
# service's own stage histogram (read / evaluate / write) from /metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}; conns=${2:-16}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
[ -f target/riskgate.jar ] || mvn -B -q package -DskipTests
port=18181; data=$(mktemp -d)
# Fixed bench keys; score.lua sends the API key.
export RISKGATE_API_KEYS=bench-api-key-0123456789 RISKGATE_ADMIN_KEYS=bench-admin-key-0123456789
# score.lua dates events up to an hour back: the live window (RISKGATE_MAX_EVENT_AGE, 1h) is widened to 2h.
RISKGATE_MAX_EVENT_AGE=2h RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$data" java -Xmx1g -jar target/riskgate.jar serve >"$data/log" 2>&1 &
pid=$!; trap 'kill $pid; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "localhost:$port/health" >/dev/null; do sleep 0.5; done
echo "warm-up 10 s"; wrk -t2 -c"$conns" -d10s -s bench/score.lua "http://127.0.0.1:$port" >/dev/null
echo "measured ${secs} s, $conns connections"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/score.lua "http://127.0.0.1:$port"
curl -fs "localhost:$port/metrics" -H "authorization: Bearer $RISKGATE_ADMIN_KEYS" | grep -E '^riskgate_scoring_stage_duration_seconds_(sum|count)|^riskgate_decisions_total' || true
echo "rss: $(ps -o rss= -p $pid) KiB; db: $(du -sh "$data" | cut -f1)"
