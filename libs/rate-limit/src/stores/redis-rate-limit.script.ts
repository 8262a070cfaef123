import { createHash } from 'node:crypto';

/**
 * The arithmetic both scripts share: the same GCRA and sliding-window cores as the TypeScript ones
 * (`gcra.algorithm.ts`, `sliding-window.algorithm.ts`, `decide-all.ts`), line for line, with Redis' own `TIME` as
 * the clock, `decide(i, raw, cost)` for policy i of ARGV, and `report(reply, result)` appending one policy's answer.
 */
const DECISION_FUNCTIONS = `
local TIME_EPS = 0.01
local UNIT_EPS = 1e-9
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000

local function num(x)
  return string.format('%.17g', x)
end

local function gcra(raw, limit, w, burst, cost)
  local interval = w / limit
  local tolerance = interval * burst
  local tat = now
  local stored = tonumber(raw)
  if stored and stored > now then tat = stored end
  local allowed, retry, kept = 0, 0, tat
  if cost > burst then
    retry = -1
  else
    local newTat = tat + cost * interval
    local wait = newTat - tolerance - now
    if wait <= TIME_EPS then
      allowed = 1
      kept = newTat
    else
      retry = math.max(1, math.ceil(wait - TIME_EPS))
    end
  end
  local remaining = math.max(0, math.floor((tolerance - (kept - now)) / interval + UNIT_EPS))
  local reset = math.max(0, math.ceil(kept - now - TIME_EPS))
  return { allowed, remaining, reset, retry, num(kept), math.max(1, reset) }
end

local function sliding(raw, limit, w, cost)
  local windowStart, current, previous
  if raw then
    local s, c, p = string.match(raw, '^([^:]+):([^:]+):([^:]+)$')
    windowStart, current, previous = tonumber(s), tonumber(c), tonumber(p)
  end
  if not (windowStart and current and previous) then
    windowStart, current, previous = math.floor(now / w) * w, 0, 0
  end
  local t = now
  if windowStart > t then t = windowStart end
  local aligned = math.floor(t / w) * w
  if aligned >= windowStart + 2 * w then
    previous, current, windowStart = 0, 0, aligned
  elseif aligned > windowStart then
    previous, current, windowStart = current, 0, aligned
  end
  local elapsed = t - windowStart
  local used = (previous * (w - elapsed)) / w + current
  local allowed, retry = 0, 0
  if cost > limit then
    retry = -1
  elseif used + cost <= limit + UNIT_EPS then
    allowed = 1
    current = current + cost
  elseif current + cost <= limit then
    local untilMs = w * (1 - (limit - cost - current) / previous)
    retry = math.max(1, math.ceil(untilMs - elapsed - TIME_EPS))
  else
    local into = w * (1 - (limit - cost) / current)
    retry = math.max(1, math.ceil(w - elapsed + into - TIME_EPS))
  end
  local spent = 0
  if allowed == 1 then spent = cost end
  local remaining = math.max(0, math.floor(limit - used - spent + UNIT_EPS))
  local resetAt = t
  if current > 0 then
    resetAt = windowStart + 2 * w
  elseif previous > 0 then
    resetAt = windowStart + w
  end
  local reset = math.max(0, math.ceil(resetAt - t - TIME_EPS))
  local ttl = math.max(1, math.ceil(windowStart + 2 * w - t))
  return { allowed, remaining, reset, retry, num(windowStart) .. ':' .. num(current) .. ':' .. num(previous), ttl }
end

local function decide(i, raw, cost)
  local a = (i - 1) * 5
  local algorithm = tonumber(ARGV[a + 1])
  local limit, w, burst = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  if algorithm == 1 then return gcra(raw, limit, w, burst, cost) end
  return sliding(raw, limit, w, cost)
end

local function report(reply, r)
  reply[#reply + 1] = r[1]
  reply[#reply + 1] = r[2]
  reply[#reply + 1] = r[3]
  reply[#reply + 1] = r[4]
end
`;

/**
 * The Redis store's whole decision as one Lua script. All or nothing: states are written (with their own `PX`
 * expiry) only when every policy admits the request.
 *
 * KEYS[i]: the state of policy i. ARGV, five per policy: algorithm (1 = gcra, 2 = sliding window), limit,
 * windowMs, burst, cost. Reply: `{ allowed, then per policy: allowed, remaining, resetAfterMs, retryAfterMs }`,
 * all integers, `retryAfterMs = -1` meaning never.
 */
export const RATE_LIMIT_SCRIPT = `${DECISION_FUNCTIONS}
local n = #KEYS
local raws, results, all = {}, {}, 1
for i = 1, n do
  raws[i] = redis.call('GET', KEYS[i])
  results[i] = decide(i, raws[i], tonumber(ARGV[(i - 1) * 5 + 5]))
  if results[i][1] == 0 then all = 0 end
end
for i = 1, n do
  if all == 1 then
    redis.call('SET', KEYS[i], results[i][5], 'PX', results[i][6])
  elseif results[i][1] == 1 then
    results[i] = decide(i, raws[i], 0)
  end
end
local reply = { all }
for i = 1, n do report(reply, results[i]) end
return reply
`;

/**
 * The read-only twin of {@link RATE_LIMIT_SCRIPT} (same functions, same arguments, cost 0): each policy's state
 * now, no key written (a quota display). The reply has the same shape.
 */
export const RATE_LIMIT_PEEK_SCRIPT = `${DECISION_FUNCTIONS}
local reply = { 1 }
for i = 1, #KEYS do report(reply, decide(i, redis.call('GET', KEYS[i]), 0)) end
return reply
`;

/** SHA-1 of {@link RATE_LIMIT_PEEK_SCRIPT}. */
export const RATE_LIMIT_PEEK_SCRIPT_SHA = createHash('sha1').update(RATE_LIMIT_PEEK_SCRIPT).digest('hex');

/** SHA-1 of {@link RATE_LIMIT_SCRIPT}, as `EVALSHA` and `SCRIPT LOAD` name it. */
export const RATE_LIMIT_SCRIPT_SHA = createHash('sha1').update(RATE_LIMIT_SCRIPT).digest('hex');
