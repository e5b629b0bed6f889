#!/usr/bin/env bash
# Heap after N forced reloads of alternating pack contents: the retained heap must not grow with N
# (unique release ids, old containers disposed, KieRepository entries removed).
# Usage: bench/reload-memory.sh [reloads=100]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
[ -f target/riskgate.jar ] || mvn -B -q package -DskipTests
port=18182; work=$(mktemp -d); cp -r rules "$work/rules"
export RISKGATE_ADMIN_KEYS=bench-admin-key-0123456789
RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$work/data" RISKGATE_RULES_DIR="$work/rules" \
  java -Xmx512m -jar target/riskgate.jar serve >"$work/log" 2>&1 &
pid=$!; trap 'kill $pid; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -fs "localhost:$port/health" >/dev/null; do sleep 0.5; done
heap() { jcmd $pid GC.run >/dev/null; sleep 1; jcmd $pid GC.heap_info | awk '/used/ {print; exit}'; }
reload() {
  for i in $(seq 1 "$1"); do
    sed -i "s/^decision.block_at = .*/decision.block_at = $((80 + i % 2))/" "$work/rules/parameters.properties"
    curl -fs -XPOST "localhost:$port/admin/rules/reload" -H "authorization: Bearer $RISKGATE_ADMIN_KEYS" >/dev/null || true
  done
}
reload 10; sleep 31   # let the first replaced packs pass their 30 s disposal grace
echo "after 10 reloads:  $(heap)"
reload "$n"; sleep 31
echo "after $((n + 10)) reloads: $(heap)"
