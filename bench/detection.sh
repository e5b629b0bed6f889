#!/usr/bin/env bash
# The detection matrix: every simulated world x the held-out report seeds, replayed through the pack in
# rules/ with 30% of attackers passing the second factor; writes docs/detection.md. This script is the one
# thing that writes that file: `riskgate evaluate` alone prints to standard output (or --out FILE).
# Usage: bench/detection.sh [evaluate options...], e.g. --accounts 500 --days 14 (a quicker look).
# Exits 0 even when targets are missed; the misses are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
    case "$arg" in
        tuning|--seeds=tuning|--compare*|--out*)
            echo "bench/detection.sh writes the report seeds' matrix of rules/ to docs/detection.md;" \
                 "for '$arg' run java -jar target/riskgate.jar evaluate directly" >&2
            exit 2 ;;
    esac
done
mvn -B -q -ntp package -DskipTests
exec java -jar target/riskgate.jar evaluate --rules rules --out docs/detection.md "$@"
