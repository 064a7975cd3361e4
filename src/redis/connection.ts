import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

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

/** A single Redis or a Redis Cluster: every module that takes a connection accepts both. */
export type RedisClient = Redis | Cluster;

/** One seed node of a Redis Cluster (REDIS_CLUSTER_NODES); the client discovers the others. */
export interface ClusterNode {
  host: string;
  port: number;
}

/** Where Redis is: `clusterNodes` set = Redis Cluster (credentials and TLS from `url`), else `url`. */
export interface RedisTarget {
  redisUrl: string;
  redisClusterNodes: readonly ClusterNode[] | null;
}

const roleOptions: Record<ConnectionRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 },
  client: { maxRetriesPerRequest: 3, connectTimeout: 5000, enableAutoPipelining: true },
};

// Reconnect forever with a capped delay: a Redis restart must not kill a worker.
const reconnectDelay = (times: number) => Math.min(times * 200, 5000);

export function createRedisConnection(url: string, role: ConnectionRole, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `wechat-sync:${role}`,
    retryStrategy: reconnectDelay,
    ...roleOptions[role],
    ...extra,
  });
}

/** Credentials and TLS of REDIS_URL, applied to every cluster node (its host is not used). */
function nodeAuth(url: string): RedisOptions {
  const parsed = new URL(url);
  const auth: RedisOptions = {};
  if (parsed.username) auth.username = decodeURIComponent(parsed.username);
  if (parsed.password) auth.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') auth.tls = {};
  return auth;
}

/**
 * An ioredis Cluster with the role's behaviour. BullMQ reads `maxRetriesPerRequest` from
 * `redisOptions` of a Cluster, so the role options go there; the offline queue and
 * auto-pipelining are Cluster-level switches.
 */
export function createClusterConnection(
  nodes: readonly ClusterNode[],
  url: string,
  role: ConnectionRole,
  extra: RedisOptions = {},
): Cluster {
  const redisOptions: RedisOptions = {
    connectionName: `wechat-sync:${role}`,
    ...nodeAuth(url),
    ...roleOptions[role],
    ...extra,
  };
  const options: ClusterOptions = {
    redisOptions,
    clusterRetryStrategy: reconnectDelay,
    enableReadyCheck: true,
    // A failover takes a few seconds; commands wait for the new master instead of failing.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
  };
  if (redisOptions.enableOfflineQueue !== undefined)
    options.enableOfflineQueue = redisOptions.enableOfflineQueue;
  if (redisOptions.enableAutoPipelining !== undefined) {
    options.enableAutoPipelining = redisOptions.enableAutoPipelining;
  }
  return new Cluster(
    nodes.map((n) => ({ host: n.host, port: n.port })),
    options,
  );
}

/** The connection the config asks for: a Cluster when REDIS_CLUSTER_NODES is set, else REDIS_URL's Redis. */
export function connectRedis(
  target: RedisTarget,
  role: ConnectionRole,
  extra: RedisOptions = {},
): RedisClient {
  if (target.redisClusterNodes === null) return createRedisConnection(target.redisUrl, role, extra);
  return createClusterConnection(target.redisClusterNodes, target.redisUrl, role, extra);
}
