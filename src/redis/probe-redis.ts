import { connectRedis, type RedisClient, type RedisTarget } from './connection.js';
import { RedisUnreachableError } from './redis-unreachable-error.js';

/** The address to name in a message: host:port only, never credentials. */
export function redisAddress(target: RedisTarget): string {
  if (target.redisClusterNodes !== null) {
    return `${target.redisClusterNodes.map((n) => `${n.host}:${n.port}`).join(',')} (REDIS_CLUSTER_NODES)`;
  }
  const url = URL.canParse(target.redisUrl) ? new URL(target.redisUrl) : null;
  return `${url ? `${url.hostname}:${url.port || '6379'}` : 'REDIS_URL'} (REDIS_URL)`;
}

/**
 * One PING within `timeoutMs`, on a connection of its own that is always closed. ioredis's
 * connectTimeout stops once TCP connects, and a command on a connection that never gets
 * ready waits forever: something that accepts and never answers (a stopped container
 * behind a proxy, a wrong port speaking another protocol, a paused Redis) would hang the
 * start silently. So the whole probe is raced against one timer here.
 */
export async function probeRedis(target: RedisTarget, timeoutMs: number): Promise<void> {
  const address = redisAddress(target);
  let connected = false;
  const probe: RedisClient = connectRedis(target, 'client', {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableAutoPipelining: false,
    // A silent peer may never close its side either: drop the socket soon instead of after 2 s.
    disconnectTimeout: 100,
  });
  let lastError: Error | null = null;
  probe.on('error', (err: Error) => {
    lastError = err;
  });
  probe.on('connect', () => {
    connected = true;
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([
      (async () => {
        // A Cluster connects on creation; a single Redis waits for connect() (lazyConnect).
        if (probe.status === 'wait') await probe.connect();
        return probe.ping();
      })(),
      timedOut,
    ]);
    if (answer !== 'timeout') return;
    const seconds = timeoutMs / 1000;
    throw connected
      ? new RedisUnreachableError(
          address,
          'silent',
          `it accepted the connection but did not answer PING within ${seconds} s (is it Redis, and is it paused or overloaded?)`,
        )
      : new RedisUnreachableError(address, 'error', `no connection within ${seconds} s`);
  } catch (err) {
    if (err instanceof RedisUnreachableError) throw err;
    const cause = (lastError ?? err) as NodeJS.ErrnoException;
    const refused = cause.code === 'ECONNREFUSED';
    throw new RedisUnreachableError(
      address,
      refused ? 'refused' : 'error',
      refused ? 'connection refused (is redis-server running?)' : boundedMessage(cause),
    );
  } finally {
    clearTimeout(timer);
    // Not on an ended connection: ioredis would arm a 2 s timer waiting for a close that already happened.
    if (probe.status !== 'end') probe.disconnect();
  }
}

/** An error text in a one-line message: first line only, at most 200 characters. */
function boundedMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
