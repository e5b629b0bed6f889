#!/usr/bin/env bash
# The detection matrix: every simulated world x the held-out report seeds, replayed through the pack in
# rules/ with 30% of attackers passing the second factor; writes docs/detection.md.
# Usage: bench/detection.sh [evaluate options...], e.g. --seeds tuning (print the tuning seeds' matrix),
# --accounts 500 --days 14 (a quicker look). Exits 0 even when targets are missed; the misses are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests
exec java -jar target/riskgate.jar evaluate --rules rules --out docs/detection.md "$@"
