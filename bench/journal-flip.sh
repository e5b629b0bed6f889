#!/usr/bin/env bash
# Issue 15's journal probe against the jar: N decisions answered (not degraded), kill -9, one byte flipped
# in the middle of the newest journal segment, restart. Prints how many decisions then answer 404; with
# `repair`, and a refused start, runs `riskgate repair` and counts again (docs/state.md, Damage and repair).
# Usage: bench/journal-flip.sh [N=645] [repair]. About a minute; needs curl and target/riskgate.jar.
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-645}; repair=${2:-}
jar=target/riskgate.jar
[ -f "$jar" ] || mvn -B -q -ntp package -DskipTests
dir=$(mktemp -d); data=$dir/data; port=18391
export RISKGATE_API_KEYS=flip-api-key-0123456789 RISKGATE_ADMIN_KEYS=flip-admin-key-0123456789
# A patient deadline: the probe measures what is stored, and a cold JVM's first answers may be degraded.
export RISKGATE_DEADLINE_MS=10000 RISKGATE_DATA_DIR=$data RISKGATE_PORT=$port RISKGATE_RULES_DIR=rules RISKGATE_CASES_DIR=none
start() {
  java -Xmx256m -jar "$jar" serve >>"$dir/serve.log" 2>&1 & pid=$!
  for _ in $(seq 1 300); do
    curl -sf "localhost:$port/health" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
lookups() {
  for i in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{http_code}\n' "localhost:$port/v1/decisions/flip-$i" -H "authorization: Bearer $RISKGATE_API_KEYS"
  done | sort | uniq -c | tr '\n' ' '
}
start || { echo "the first start failed:"; tail "$dir/serve.log"; exit 1; }
now=$(date -u +%Y-%m-%dT%H:%M:%SZ); answered=0
for i in $(seq 1 "$n"); do
  code=$(curl -s -o "$dir/answer" -w '%{http_code}' "localhost:$port/v1/score" -H "authorization: Bearer $RISKGATE_API_KEYS" \
    -H 'content-type: application/json' -d "{\"eventId\":\"flip-$i\",\"type\":\"charge\",\"accountId\":\"acct-$((i % 50))\",
    \"deviceId\":\"dev-$((i % 70))\",\"occurredAt\":\"$now\",\"amount\":1000,\"currency\":\"JPY\",\"fundingSource\":\"card\"}")
  [ "$code" = 200 ] && ! grep -q '"degraded"' "$dir/answer" && answered=$((answered + 1))
done
kill -9 "$pid"; wait "$pid" 2>/dev/null
segment=$(ls "$data"/journal/segment-*.log | tail -1); size=$(stat -c %s "$segment"); at=$((size / 2))
byte=$(od -An -tu1 -j "$at" -N1 "$segment" | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 0x40)))" | dd of="$segment" bs=1 seek="$at" conv=notrunc status=none
echo "answered $answered of $n; flipped byte $at of $size in $(basename "$segment"); killed with -9"
if start; then
  echo "the restart served; lookups by HTTP status: $(lookups)"
  grep -o '"formattedMessage":"[^"]*\(torn\|cutting\)[^"]*"' "$dir/serve.log"
  kill "$pid"; wait "$pid" 2>/dev/null
else
  wait "$pid"; echo "the restart was refused (exit $?):"; grep -v '^{' "$dir/serve.log" | tail -2
  if [ -n "$repair" ]; then
    java -jar "$jar" repair --data "$data"; echo "repair exited $?"
    start && { echo "after the repair, lookups by HTTP status: $(lookups)"; kill "$pid"; wait "$pid" 2>/dev/null; }
  fi
fi
rm -rf "$dir"
