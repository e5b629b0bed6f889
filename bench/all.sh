#!/usr/bin/env bash
# Every figure, one after the other (never two at once: they share the two cores), then the report.
# About 30-40 minutes, most of it the 1M-account import. Usage: bench/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bench/throughput.sh
bench/open-loop.sh
bench/rules-scaling.sh
bench/reload-under-load.sh
bench/state-1m.sh
bench/report.sh
