import type { RedisClient } from '../redis/connection.js';

/*
 * The Lua scripts behind the token cache. String constants rather than `.lua` files
 * because tsc does not copy `.lua` files to dist. Each "compare, then act" runs
 * atomically in Redis, so no other process can act in between. All keys of one script
 * carry the app's `{appId}` hash tag (see RedisKeys), so they also run on Redis Cluster;
 * PUBLISH takes a channel, not a key.
 */

/**
 * Take the refresh guard of an app if it is free.
 *
 * KEYS[1] refresh guard, KEYS[2] failed-refresh error
 * ARGV[1] owner, ARGV[2] guard ttl (ms)
 *
 * Returns 1 when taken, 0 when another owner holds it. Taking it deletes the previous
 * refresh's error, so a process waiting on this refresh never mistakes an older failure
 * for its outcome.
 */
export const ACQUIRE_REFRESH_LUA = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
`;

/**
 * Publish a refresh's outcome (the token record, or the error) and release the guard,
 * only while the caller still owns it: a refresher whose guard expired and was taken
 * over must not overwrite the newer outcome of whoever took it.
 *
 * KEYS[1] refresh guard, KEYS[2] where the outcome goes (token record or error key)
 * ARGV[1] owner, ARGV[2] outcome (JSON), ARGV[3] outcome ttl (ms, > 0), ARGV[4] channel
 *
 * Returns 1 when stored, released and announced; 0 when the guard is not the caller's.
 */
export const FINISH_REFRESH_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[4], '1')
return 1
`;

/**
 * Compare-and-delete the refresh guard without an outcome (the refresher found a fresh
 * token already cached, or failed with something that is not WeChat's answer), and wake
 * the waiters so they look again instead of sitting out their re-check interval.
 *
 * KEYS[1] refresh guard
 * ARGV[1] owner, ARGV[2] channel
 *
 * Returns 1 when released, 0 when the guard was absent or another owner's.
 */
export const RELEASE_REFRESH_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], '1')
return 1
`;

/**
 * Compare-and-delete a cached token: remove it only if it is still the token a caller
 * saw rejected, so a late invalidation never throws away a newer token.
 *
 * KEYS[1] token record (JSON with an access_token field)
 * ARGV[1] the rejected token string
 *
 * Returns 1 when deleted, 0 when absent, unreadable or a different token.
 */
export const INVALIDATE_TOKEN_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then
  return 0
end
local ok, record = pcall(cjson.decode, raw)
if ok and type(record) == 'table' and record.access_token == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** The scripts as typed methods of a connection (ioredis runs them by EVALSHA, falling back to EVAL). */
export interface TokenCacheCommands {
  tokenCacheAcquireRefresh(guard: string, errorKey: string, owner: string, ttlMs: number): Promise<number>;
  tokenCacheFinishRefresh(
    guard: string,
    target: string,
    owner: string,
    outcome: string,
    ttlMs: number,
    channel: string,
  ): Promise<number>;
  tokenCacheReleaseRefresh(guard: string, owner: string, channel: string): Promise<number>;
  tokenCacheInvalidate(tokenKey: string, token: string): Promise<number>;
}

const registered = new WeakSet<RedisClient>();

/**
 * Defines the scripts on a connection once, however many TokenCaches share it. Typed
 * through a cast rather than a global `declare module 'ioredis'` augmentation, so the
 * commands are only visible where this module hands them out.
 */
export function tokenCacheCommands(redis: RedisClient): TokenCacheCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('tokenCacheAcquireRefresh', { numberOfKeys: 2, lua: ACQUIRE_REFRESH_LUA });
    redis.defineCommand('tokenCacheFinishRefresh', { numberOfKeys: 2, lua: FINISH_REFRESH_LUA });
    redis.defineCommand('tokenCacheReleaseRefresh', { numberOfKeys: 1, lua: RELEASE_REFRESH_LUA });
    redis.defineCommand('tokenCacheInvalidate', { numberOfKeys: 1, lua: INVALIDATE_TOKEN_LUA });
    registered.add(redis);
  }
  return redis as unknown as TokenCacheCommands;
}
