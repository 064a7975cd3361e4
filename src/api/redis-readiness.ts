import type { RedisClient } from '../redis/connection.js';

/** Long enough for a loaded Redis, short enough for a probe that itself times out after a few seconds. */
export const DEFAULT_READY_TIMEOUT_MS = 1_000;

/**
 * Null when Redis answers PING in time, else why not. The reason names a state or an
 * error code, never the error text: a connection error can quote the Redis URL.
 */
export async function checkRedis(redis: RedisClient, timeoutMs: number): Promise<string | null> {
  if (redis.status !== 'ready') return `redis: connection is ${redis.status}`;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([redis.ping(), timedOut]);
    if (answer === 'timeout') return `redis: no answer to PING within ${timeoutMs} ms`;
    return answer === 'PONG' ? null : 'redis: unexpected answer to PING';
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return `redis: PING failed (${typeof code === 'string' ? code : (err as Error).name})`;
  } finally {
    clearTimeout(timer);
  }
}
