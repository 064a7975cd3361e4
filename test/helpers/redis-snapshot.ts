import type { Redis } from 'ioredis';

/**
 * Every key under `prefix` with its type and full value, for "this changed nothing in
 * Redis" assertions. Stream entries include their ids, so even an event that was added
 * and trimmed shows up as a difference.
 */
export async function snapshotKeys(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const snapshot: Record<string, unknown> = {};
  for (const key of keys.sort()) snapshot[key] = await readKey(redis, key);
  return snapshot;
}

async function readKey(redis: Redis, key: string): Promise<unknown> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return { type, value: await redis.get(key) };
    case 'hash':
      return { type, value: await redis.hgetall(key) };
    case 'list':
      return { type, value: await redis.lrange(key, 0, -1) };
    case 'set':
      return { type, value: (await redis.smembers(key)).sort() };
    case 'zset':
      return { type, value: await redis.zrange(key, 0, -1, 'WITHSCORES') };
    case 'stream':
      return { type, value: await redis.xrange(key, '-', '+') };
    default:
      return { type };
  }
}
