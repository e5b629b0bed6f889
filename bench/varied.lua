-- wrk script for the throughput figures: varied, never-repeated charge and purchase events over
-- ACCOUNTS accounts (50,000 unless the environment says otherwise). Each account has its own phone and a
-- few usual stores; about 1 in 12 events is a top-up (charge), the rest purchases of food, drinks,
-- household goods and now and then tobacco or a gift card, with amounts that vary per event. Event ids
-- carry the run's start time, the thread and a counter, so no id repeats within or across runs, and
-- event times move forward so windows and histories fill as in production.
-- Non-200 answers are counted per thread and printed by done() as "errors N", of which "shed N" were
-- 503 (the service's load shedding); a 200 that is the declared fail decision ("degraded": past the
-- service's RISKGATE_DEADLINE_MS, or its store down) counts as an error too, as "degraded N": it is not a
-- decision of the rules. ok_rps counts only the real decisions.
local accounts = tonumber(os.getenv("ACCOUNTS") or "50000")
local api_key = os.getenv("BENCH_API_KEY") or "bench-api-key-0123456789"
local threads = {}
-- tid and errors are globals: setup() sets tid, done() reads errors through thread:get.
local counter, run = 0, 0
errors = 0
shed = 0
degraded = 0
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

function init(args)
  run = os.time()
  math.randomseed(run * 1000 + tid)
end

local function iso(ts)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", ts)
end

local goods = {
  {"bento", "food", 400, 900}, {"onigiri", "food", 120, 250}, {"coffee", "drinks", 120, 480},
  {"tea", "drinks", 100, 200}, {"detergent", "household", 300, 900}, {"magazine", "books", 400, 1200},
}
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. api_key}

request = function()
  counter = counter + 1
  local n = counter
  local acct = math.random(0, accounts - 1)
  local id = string.format("v-%d-%d-%d", run, tid, n)
  -- Events walk forward from an hour ago to now over the run, never into the future.
  local ts = math.min(os.time(), run - 3600 + math.floor(n / 20))
  local body
  local pick = math.random(1, 100)
  if pick <= 8 then
    body = string.format('{"eventId":"%s","type":"charge","accountId":"a%d","deviceId":"d%d","occurredAt":"%s","amount":%d,"currency":"JPY","fundingSource":"card"}',
      id, acct, acct, iso(ts), 1000 * math.random(1, 10))
  else
    local sku, cat, qty, price
    if pick <= 10 then
      sku, cat, qty, price = "carton", "tobacco", math.random(1, 3), 5000
    elseif pick <= 11 then
      sku, cat, qty, price = "itunes-5000", "gift_card", 1, 5000
    else
      local g = goods[math.random(1, #goods)]
      sku, cat, qty, price = g[1], g[2], math.random(1, 3), math.random(g[3], g[4])
    end
    body = string.format('{"eventId":"%s","type":"purchase","accountId":"a%d","deviceId":"d%d","occurredAt":"%s","amount":%d,"currency":"JPY","storeId":"s%d","items":[{"sku":"%s","category":"%s","quantity":%d,"unitPrice":%d}]}',
      id, acct, acct, iso(ts), qty * price, (acct * 7 + math.random(0, 2)) % 5000, sku, cat, qty, price)
  end
  return wrk.format("POST", "/v1/score", headers, body)
end

response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if status == 503 then shed = shed + 1 end
    if errors <= 3 then io.stderr:write("non-200: " .. status .. " " .. body .. "\n") end
  elseif body:find('"degraded":true', 1, true) then
    errors = errors + 1
    degraded = degraded + 1
  end
end

done = function(summary, latency, requests)
  local total, shed_total, degraded_total = 0, 0, 0
  for _, t in ipairs(threads) do
    total = total + (t:get("errors") or 0)
    shed_total = shed_total + (t:get("shed") or 0)
    degraded_total = degraded_total + (t:get("degraded") or 0)
  end
  local secs = summary.duration / 1e6
  -- One machine-readable line the bench scripts parse: requests/s and latency percentiles in microseconds.
  io.write(string.format("RESULT rps=%.1f ok_rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d requests=%d errors=%d shed=%d degraded=%d socket_errors=%d\n",
    summary.requests / secs, (summary.requests - total) / secs, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.requests, total, shed_total, degraded_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
