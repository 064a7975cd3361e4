import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { FENCE_GUARD_LUA, STALE_FENCE_REPLY } from './scripts.js';
import { StaleFenceError } from './stale-fence-error.js';

/**
 * Whether a writer holding `fence` is still the account's newest lock holder. A check
 * separate from the write leaves a gap in which a newer holder can take over, so use
 * it only where that is harmless (skipping work early, diagnosis); a store write must
 * be guarded atomically with `withFenceGuard`.
 */
export async function isFenceCurrent(
  redis: RedisClient,
  keys: RedisKeys,
  accountId: string,
  fence: number,
): Promise<boolean> {
  const current = await redis.get(keys.fence(accountId));
  return fence >= Number(current ?? 0);
}

/**
 * Makes a store's write script refuse stale holders, atomically with the write:
 *
 *   const lua = withFenceGuard(`
 *     redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])   -- the store's own keys from KEYS[2], args from ARGV[2]
 *   `);
 *   redis.defineCommand('storeUpsert', { numberOfKeys: 2, lua });
 *   try { await redis.storeUpsert(keys.fence(accountId), keys.data(accountId, kind), lease.fence, id, json) }
 *   catch (err) { throw toStaleFenceError(err, accountId) ?? err }
 *
 * KEYS[1] must be keys.fence(accountId) and ARGV[1] the lease's fence; the body's own
 * keys and arguments start at index 2. The fence key shares the `{accountId}` hash tag
 * with the account's data keys, so the script also runs on Redis Cluster.
 */
export function withFenceGuard(body: string): string {
  return `${FENCE_GUARD_LUA}\n${body}`;
}

const STALE_FENCE_PATTERN = new RegExp(`^${STALE_FENCE_REPLY} (-?\\d+) (-?\\d+)`);

/** The StaleFenceError a guarded script's error reply stands for, or null for any other error. */
export function toStaleFenceError(err: unknown, accountId: string): StaleFenceError | null {
  const match = err instanceof Error ? STALE_FENCE_PATTERN.exec(err.message) : null;
  if (!match) return null;
  return new StaleFenceError({ accountId, fence: Number(match[1]), currentFence: Number(match[2]) });
}
