#!/usr/bin/env bash
# Bytes per key type, measured (docs/deployment.md, "Sizing"): a simulated stream (ACCOUNTS accounts over
# DAYS days, seed 9001) scored with the shipped pack onto a real redis-server (AOF on, everysec, as the
# deployment guide recommends) and onto the journal store, then MEMORY USAGE of every Redis key by type,
# Redis's used_memory, its AOF size before and after BGREWRITEAOF, and the journal's packed records by
# type. Prints a table; takes 1-3 minutes on a quiet 2-core machine at the defaults.
# Usage: bench/state-sizes.sh [accounts=300] [days=30]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-300}; days=${2:-30}
command -v redis-server >/dev/null || { echo "redis-server is needed (apt-get install -y redis-server)" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly yes --appendfsync everysec \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
trap 'kill "$(cat "$work/redis.pid")" 2>/dev/null || true; rm -rf "$work"' EXIT
mvn -B -q -ntp -o test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
redis-server --version | head -1
java -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" dev.riskgate.state.StateSizes \
  "redis://127.0.0.1:$port" "$accounts" "$days"
