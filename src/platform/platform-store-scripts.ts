import type { RedisClient } from '../redis/connection.js';

/*
 * Lua behind the Redis platform stores (string constants: tsc does not copy `.lua` files).
 * Keys of one script carry the platform's `{platformId}` hash tag (RedisKeys).
 */

/**
 * Compare-and-set one hash field: write only if it still holds what the caller read, so a
 * read-modify-write (a revocation, a rotated refresh token) never overwrites a change made
 * in between.
 *
 * KEYS[1] hash
 * ARGV[1] field, ARGV[2] the value the caller read ('' = absent), ARGV[3] the new value
 *
 * Returns 1 when written, 0 when the field changed since the read.
 */
export const HASH_FIELD_CAS_LUA = `
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

/**
 * Keep a ticket unless the stored one is newer (late pushes). An equal CreateTime is
 * WeChat's retry of the same push (or a second ticket of the same second): written.
 *
 * KEYS[1] ticket hash (ticket, createdAt)
 * ARGV[1] ticket, ARGV[2] createdAt (epoch ms)
 *
 * Returns 1 when written, 0 when the stored ticket is newer.
 */
export const SAVE_TICKET_LUA = `
local stored = tonumber(redis.call('HGET', KEYS[1], 'createdAt'))
if stored and stored > tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'ticket', ARGV[1], 'createdAt', ARGV[2])
return 1
`;

export interface PlatformStoreCommands {
  platformHashFieldCas(key: string, field: string, expected: string, next: string): Promise<number>;
  platformSaveTicket(key: string, ticket: string, createdAt: number): Promise<number>;
}

const registered = new WeakSet<RedisClient>();

/** Defines the scripts on a connection once (see tokenCacheCommands for why a cast). */
export function platformStoreCommands(redis: RedisClient): PlatformStoreCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('platformHashFieldCas', { numberOfKeys: 1, lua: HASH_FIELD_CAS_LUA });
    redis.defineCommand('platformSaveTicket', { numberOfKeys: 1, lua: SAVE_TICKET_LUA });
    registered.add(redis);
  }
  return redis as unknown as PlatformStoreCommands;
}
