/**
 * The Lua scripts behind the per-account lock. They are string constants rather than
 * `.lua` files because tsc does not copy `.lua` files to dist. Each runs atomically in
 * Redis, which is what makes "compare, then act" safe against another worker acting in
 * between. All keys of one script share the account's `{…}` hash tag (see RedisKeys),
 * so they also run on Redis Cluster.
 */

/**
 * Take the lock if it is free, hand out the next fencing number and record the holder;
 * optionally refuse while a guard key exists, and read the account's state in the same
 * atomic step, so a job's start is one round trip and what it reads is what the lock
 * now protects (no holder can have written in between).
 *
 * Called with a key count (ioredis' dynamic numberOfKeys): every key shares the account's
 * `{…}` hash tag (see RedisKeys), so the script also runs on Redis Cluster.
 * KEYS[1] lock key, KEYS[2] holder hash, KEYS[3] fence counter,
 * then the guard key when ARGV[7] is '1', then ARGV[8] string keys to GET, then hash keys to HGETALL
 * ARGV[1] owner, ARGV[2] ttl (ms), ARGV[3] jobId, ARGV[4] host, ARGV[5] pid, ARGV[6] since (epoch ms),
 * ARGV[7] '1' with a guard key else '0', ARGV[8] how many string keys follow
 *
 * Returns {1, fence, {GET replies (false = none)}, {flat HGETALL replies}} when taken;
 * {0, pttl of the lock, flat HGETALL of the holder} when busy; {2, pttl of the guard key,
 * its value} when the guard key exists (the lock is then not touched).
 * The fence counter never expires: it must only ever grow, or a stale holder could
 * present a fence that looks current again.
 */
export const ACQUIRE_LUA = `
local nextKey = 4
if ARGV[7] == '1' then
  local guard = redis.call('GET', KEYS[4])
  if guard then return {2, redis.call('PTTL', KEYS[4]), guard} end
  nextKey = 5
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local fence = redis.call('INCR', KEYS[3])
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], 'owner', ARGV[1], 'jobId', ARGV[3], 'host', ARGV[4],
    'pid', ARGV[5], 'since', ARGV[6], 'fence', fence)
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  local strings, hashes = {}, {}
  local lastString = nextKey + tonumber(ARGV[8]) - 1
  for i = nextKey, lastString do strings[#strings + 1] = redis.call('GET', KEYS[i]) end
  for i = lastString + 1, #KEYS do hashes[#hashes + 1] = redis.call('HGETALL', KEYS[i]) end
  return {1, fence, strings, hashes}
end
return {0, redis.call('PTTL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
`;

/**
 * Extend the lock and its holder hash, only while the caller still owns the lock.
 *
 * KEYS[1] lock key, KEYS[2] holder hash
 * ARGV[1] owner, ARGV[2] ttl (ms)
 *
 * Returns 1 when extended, 0 when the lock is gone, -1 when another owner holds it.
 */
export const RENEW_LUA = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return 1
end
if current then
  return -1
end
return 0
`;

/**
 * Compare-and-delete: remove the lock and its holder hash only if ARGV[1] still owns it,
 * so a holder whose lease expired cannot delete the lock of whoever took it next.
 *
 * KEYS[1] lock key, KEYS[2] holder hash
 * ARGV[1] owner
 *
 * Returns 1 when deleted, 0 when the lock was absent or owned by someone else.
 */
export const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
`;

/** First word of the error reply FENCE_GUARD_LUA raises; `toStaleFenceError` matches on it. */
export const STALE_FENCE_REPLY = 'STALE_FENCE';

/**
 * Not a script of its own: the head of a store's write script (compose it with
 * `withFenceGuard`). It refuses the write when a newer holder has taken the lock since
 * the writer got its fence.
 *
 * KEYS[1] fence counter of the account (keys.fence(accountId))
 * ARGV[1] the writer's fence (lease.fence)
 *
 * Raises the error reply `STALE_FENCE <writer fence> <current fence>` before the body
 * runs, so nothing is written; otherwise falls through to the body.
 */
export const FENCE_GUARD_LUA = `
local currentFence = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) < currentFence then
  return redis.error_reply('${STALE_FENCE_REPLY} ' .. ARGV[1] .. ' ' .. currentFence)
end
`;
