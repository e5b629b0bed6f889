#!/usr/bin/env bash
# Starts target/riskgate.jar on a free loopback port with a fresh data dir and runs the README's curl
# example against it: the jar must compile the shipped pack and answer. No key is configured, as on a fresh
# machine, so the service generates its keys in the data dir; the calls use them as an operator would.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/riskgate.jar
[ -f "$jar" ] || { echo "smoke-jar: $jar is missing; run mvn package first" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
data=$(mktemp -d)
log="$data/riskgate.log"
RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$data" java -jar "$jar" serve >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "smoke-jar: the service exited"; cat "$log"; exit 1; }
  sleep 0.5
done
key() { sed -n "s/^$1=//p" "$data/keys.properties"; }
[ "$(stat -c %a "$data/keys.properties")" = 600 ] || { echo "smoke-jar: generated keys are not mode 600"; exit 1; }
grep -qF "$(key api)" "$log" || { echo "smoke-jar: the generated API key was not printed"; exit 1; }
answer=$(curl -fsS -X POST "http://127.0.0.1:$port/v1/score" -H "authorization: Bearer $(key api)" \
  -H 'content-type: application/json' -d '{
  "eventId": "smoke-1", "type": "purchase", "accountId": "acct-42", "deviceId": "dev-9f3a",
  "occurredAt": "'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'", "amount": 90400, "currency": "JPY", "storeId": "store-811",
  "items": [{"sku": "4902102112963", "category": "tobacco", "quantity": 18, "unitPrice": 5000},
            {"sku": "lighter-01", "quantity": 1, "unitPrice": 400}]}') || { cat "$log"; exit 1; }
echo "smoke-jar: $answer"
# The shaded jar must build and run the pack: a decision with at least one rule's reason (a brand-new
# account's first device fires one), not the fail decision.
echo "$answer" | grep -q '"decision":"\(ALLOW\|STEP_UP\|BLOCK\)"' || { echo "smoke-jar: unexpected answer"; cat "$log"; exit 1; }
echo "$answer" | grep -q '"reasons":\[{"rule"' || { echo "smoke-jar: no rule fired"; cat "$log"; exit 1; }
echo "$answer" | grep -qv '"degraded"' || { echo "smoke-jar: a degraded answer"; cat "$log"; exit 1; }
curl -fsS "http://127.0.0.1:$port/metrics" -H "authorization: Bearer $(key admin)" | grep -q '^riskgate_decisions_total' || { echo "smoke-jar: no decision metric"; exit 1; }
anonymous=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/score" -H 'content-type: application/json' -d '{}')
[ "$anonymous" = 401 ] || { echo "smoke-jar: a call without a key got $anonymous, not 401"; exit 1; }
echo "smoke-jar: ok"
