import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../../src/redis/connection.js';
import { scanKeys } from '../../src/redis/scan-keys.js';

/** The Redis every test talks to (a real one; CI starts it if needed). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test file or run shares, e.g. `t-token-cache-3f9a1c`. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${randomBytes(4).toString('hex')}`;
}

export function createTestRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
}

/**
 * Deletes every key under `prefix` (SCAN, not KEYS, so a shared Redis is not blocked; on
 * Cluster every master is scanned and keys are unlinked one by one, as they sit in many slots).
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of scanKeys(redis, `${prefix}*`)) {
    if (redis instanceof Cluster) {
      const counts = await Promise.all(keys.map((key) => redis.unlink(key)));
      deleted += counts.reduce((a, b) => a + b, 0);
    } else {
      deleted += await redis.unlink(...keys);
    }
  }
  return deleted;
}
