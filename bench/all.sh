#!/usr/bin/env bash
# Every figure, one after the other (never two at once: they share the two cores), then the report.
# About 35 minutes on this 2-core machine (the 1M-account import is 4 of them, the console's 1M-decision
# log and its index about 10). Usage: bench/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bench/throughput.sh
bench/open-loop.sh
bench/rules-scaling.sh
bench/rules-engines.sh
bench/reload-under-load.sh
bench/state-1m.sh
bench/allocation.sh
bench/collectors.sh
bench/console.sh
bench/feature-cost.sh console
bench/feature-cost.sh alerts
bench/report.sh
