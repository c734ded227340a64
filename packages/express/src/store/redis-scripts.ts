/**
 * The Lua scripts of the Redis store. Redis runs a script atomically (no other command interleaves),
 * which is what makes `create`, the compare-and-set `update` and the exactly-once `consume` safe
 * across any number of instances. A transaction is one hash:
 *
 *   v  version (decimal)      s  status (pending | done)      e  expiresAt (ms since the epoch)
 *   d  public data (JSON)     k  sealed secret state           o  sealed outcome
 *
 * Every script answers `{status, HGETALL}` so the caller never needs a second round trip.
 *
 * @module
 */

import { createHash } from 'node:crypto';

/** A script and its SHA-1 (for EVALSHA). */
export interface LuaScript {
  readonly text: string;
  readonly sha: string;
}

function script(text: string): LuaScript {
  return { text, sha: createHash('sha1').update(text).digest('hex') };
}

/** KEYS[1] tx key; ARGV: expiresAt, data, sealed secret, ttlMs. */
export const CREATE = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
redis.call('HSET', KEYS[1], 'v', '1', 's', 'pending', 'e', ARGV[1], 'd', ARGV[2], 'k', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'ok', redis.call('HGETALL', KEYS[1])}
`);

/** KEYS[1] tx key; ARGV: expected version, new data. */
export const UPDATE = script(`
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {'missing'} end
if v ~= ARGV[1] then return {'conflict'} end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(v) + 1), 'd', ARGV[2])
return {'ok', redis.call('HGETALL', KEYS[1])}
`);

/**
 * KEYS[1] tx key; ARGV: sealed outcome, ttlMs ('' = keep), expiresAt, channel, id.
 * The secret is deleted in the same step that stores the outcome: exactly once.
 */
export const CONSUME = script(`
local s = redis.call('HGET', KEYS[1], 's')
if not s then return {'missing'} end
if s ~= 'pending' then return {'consumed'} end
local v = tonumber(redis.call('HGET', KEYS[1], 'v')) + 1
redis.call('HDEL', KEYS[1], 'k')
redis.call('HSET', KEYS[1], 'v', tostring(v), 's', 'done', 'o', ARGV[1])
if ARGV[2] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('HSET', KEYS[1], 'e', ARGV[3])
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return {'ok', redis.call('HGETALL', KEYS[1])}
`);
