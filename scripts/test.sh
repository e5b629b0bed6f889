#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need on a fresh Debian machine, runs
# every JUnit test (unit, real HTTP server, kill -9 restart, analyst scenarios), builds the jar and
# smoke-tests the jar itself, since a shaded jar can break where the classpath build does not.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need java || ! need mvn || ! need curl; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven curl >/dev/null
  else
    echo "test.sh: java 17, maven and curl are required" >&2; exit 1
  fi
fi

mvn -B -ntp verify
scripts/smoke-jar.sh
