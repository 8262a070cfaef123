import { createHash } from 'node:crypto';

/**
 * Every change of one idempotency record as one Lua script, so each is ONE atomic round trip. A record is a
 * string with a fixed layout the script reads without parsing JSON:
 * - in progress: `0:<token, 32 hex>:<fingerprint>`, with `PX` = the lease;
 * - completed: `1:<fingerprint, 64 hex>:<JSON of the stored response>`, with `PX` = the TTL.
 *
 * KEYS[1]: the record. ARGV[1]: the operation.
 * - `claim` ARGV[2] token, ARGV[3] fingerprint, ARGV[4] lease ms: writes the in-progress record when the key is
 *   free and replies nil; replies nil too when the record is this token's own claim (the client resent the
 *   claim after a lost connection or a failover, and the first one had run); else replies the record as it is.
 * - `complete` ARGV[2] token, ARGV[3] completed record, ARGV[4] TTL ms, ARGV[5] `resent` or absent: replaces
 *   the record while the token holds it and replies 1; a completion `resent` (after a lost node, the first one
 *   may have run) replies 1 too when the record already is this completed one; else 0.
 * - `release` ARGV[2] token: deletes the record while the token holds it; replies 1, else 0.
 */
export const IDEMPOTENCY_SCRIPT = `
local op = ARGV[1]
local record = redis.call('GET', KEYS[1])
if op == 'claim' then
  if record and string.sub(record, 1, 35) == '0:' .. ARGV[2] .. ':' then return false end
  if record then return record end
  redis.call('SET', KEYS[1], '0:' .. ARGV[2] .. ':' .. ARGV[3], 'PX', ARGV[4])
  return false
end
local held = record and string.sub(record, 1, 35) == '0:' .. ARGV[2] .. ':'
if not held then
  if op == 'complete' and ARGV[5] == 'resent' and record == ARGV[3] then return 1 end
  return 0
end
if op == 'complete' then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
else
  redis.call('DEL', KEYS[1])
end
return 1
`;

/** SHA-1 of {@link IDEMPOTENCY_SCRIPT}, for `EVALSHA`. */
export const IDEMPOTENCY_SCRIPT_SHA = createHash('sha1').update(IDEMPOTENCY_SCRIPT).digest('hex');

/**
 * Replies how many replicas the primary serving KEYS[1] has connected (`connected_slaves` of `INFO
 * replication`); evaluated with the record's key, so a cluster sends it to that key's primary.
 */
export const CONNECTED_REPLICAS_SCRIPT = `
return tonumber(string.match(redis.call('INFO', 'replication'), 'connected_slaves:(%d+)') or '0')
`;
