#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need on a fresh Debian machine, runs
# every JUnit test (unit, real HTTP server, kill -9 restart, analyst scenarios, a real Prometheus), builds
# the jar and smoke-tests the jar itself, since a shaded jar can break where the classpath build does not.
# Run it as root: besides installing, FullDiskTest and FullDiskHealthTest mount a small tmpfs to fill it.
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

# The observability tests run a real Prometheus and promtool: Debian's prometheus package. Installing it
# starts its own service on :9090 where an init system runs; the tests use free ports and never need it,
# so it is stopped and disabled again.
if ! need prometheus || ! need promtool; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    if [ -d /run/systemd/system ]; then
      systemctl disable --now prometheus >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/prometheus ]; then
      /etc/init.d/prometheus stop >/dev/null 2>&1 || true
    fi
  else
    echo "test.sh: prometheus and promtool are required (apt-get install prometheus)" >&2; exit 1
  fi
fi

# The Redis state store's tests start their own redis-server on a free loopback port: Debian's package.
# Installing it starts a service on :6379 where an init system runs; the tests never use it, so it is
# stopped and disabled again.
if ! need redis-server; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    if [ -d /run/systemd/system ]; then
      systemctl disable --now redis-server >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/redis-server ]; then
      /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    fi
  else
    echo "test.sh: redis-server is required (apt-get install redis-server)" >&2; exit 1
  fi
fi

# The balancer test runs Debian's nginx (docs/examples/nginx/riskgate.conf) in the foreground on a free
# loopback port. Installing it starts a service on :80 where an init system runs; the test never uses it.
if ! need nginx && ! [ -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
    if [ -d /run/systemd/system ]; then
      systemctl disable --now nginx >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/nginx ]; then
      /etc/init.d/nginx stop >/dev/null 2>&1 || true
    fi
  else
    echo "test.sh: nginx is required (apt-get install nginx)" >&2; exit 1
  fi
fi

# The console's browser tests (ConsoleBrowserTest) drive Debian's headless chromium through chromium-driver
# with Selenium; nothing is downloaded at test time.
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "test.sh: chromium and chromium-driver are required (apt-get install chromium chromium-driver)" >&2; exit 1
  fi
fi

# docs/openapi.yaml against redocly's recommended rules: 0 errors (warnings are reported, not fatal).
# Pinned, so that a new rule upstream cannot fail an unchanged tree; needs npm and its registry.
if need npx; then
  npx -y @redocly/cli@2.77.0 lint docs/openapi.yaml
else
  echo "test.sh: npx not found; skipping the redocly lint of docs/openapi.yaml" >&2
fi

mvn -B -ntp verify
scripts/smoke-jar.sh
