#!/usr/bin/env bash
# Regenerates the golden decisions (src/test/resources/golden/) after a deliberate change to the rule
# pack: a month replayed through the pack, whose answers GoldenDecisionsTest then holds every store and
# every refactoring to. Review `git diff --stat` and the replay report before committing the new file.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp test -Dtest=GoldenDecisionsTest#theInMemoryStoreGivesTheGoldenDecisions -Driskgate.golden.write=true \
    -Dsurefire.failIfNoSpecifiedTests=false
echo "golden decisions written: $(zcat src/test/resources/golden/real-month-warm.decisions.gz | head -1)"
