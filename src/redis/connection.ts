import { Redis, type RedisOptions } from 'ioredis';

/**
 * What a connection is for decides how it behaves when Redis is away:
 * - `worker`: BullMQ workers and anything blocking; BullMQ requires
 *   `maxRetriesPerRequest: null` so commands wait for Redis to come back.
 * - `producer`: the API's queue and reads; fail fast so an HTTP caller gets an
 *   answer instead of a hanging request.
 * - `client`: locks, token cache, store used inside a job; retried a few times, then errors
 *   surface as what they are.
 */
export type ConnectionRole = 'worker' | 'producer' | 'client';

const roleOptions: Record<ConnectionRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 },
  client: { maxRetriesPerRequest: 3, connectTimeout: 5000, enableAutoPipelining: true },
};

export function createRedisConnection(url: string, role: ConnectionRole, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `wechat-sync:${role}`,
    // Reconnect forever with a capped delay: a Redis restart must not kill a worker.
    retryStrategy: (times) => Math.min(times * 200, 5000),
    ...roleOptions[role],
    ...extra,
  });
}
