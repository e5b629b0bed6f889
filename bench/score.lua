-- wrk script: a realistic mix of score requests with unique event ids.
-- 1000 accounts, each on its own phone, buying lunch at a few stores; every 50th request is a top-up,
-- every 40th buys cartons. Event times move forward so windows and histories fill as in production.
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = 0
end

local function iso(ts)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", ts)
end

request = function()
  counter = counter + 1
  local n = counter
  local acct = (n * 7919 + tid * 104729) % 1000
  local id = string.format("bench-%d-%d-%d", tid, n, os.time())
  local ts = os.time() - 3600 + (n % 3600)
  local body
  if n % 50 == 0 then
    body = string.format('{"eventId":"%s","type":"charge","accountId":"acct-%d","deviceId":"phone-%d","occurredAt":"%s","amount":5000,"currency":"JPY","fundingSource":"card"}',
      id, acct, acct, iso(ts))
  elseif n % 40 == 0 then
    body = string.format('{"eventId":"%s","type":"purchase","accountId":"acct-%d","deviceId":"phone-%d","occurredAt":"%s","amount":15000,"currency":"JPY","storeId":"store-%d","items":[{"sku":"carton","category":"tobacco","quantity":3,"unitPrice":5000}]}',
      id, acct, acct, iso(ts), acct % 17)
  else
    body = string.format('{"eventId":"%s","type":"purchase","accountId":"acct-%d","deviceId":"phone-%d","occurredAt":"%s","amount":%d,"currency":"JPY","storeId":"store-%d","items":[{"sku":"bento","category":"food","quantity":1,"unitPrice":%d}]}',
      id, acct, acct, iso(ts), 300 + (n % 900), acct % 17, 300 + (n % 900))
  end
  return wrk.format("POST", "/v1/score", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-api-key-0123456789"}, body)
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("non-200: " .. status .. " " .. body .. "\n") end
  end
end
