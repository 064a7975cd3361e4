import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AccountBlocks, AccountStatus } from '../accounts/index.js';
import { AnalyticsStore } from '../analytics/analytics-store.js';
import { CONSOLE_PATH } from '../console/index.js';
import { PendingEvents } from '../push/pending-events.js';
import { createSyncQueue, type SyncQueue } from '../queue/index.js';
import { ApiQuotas } from '../quota/index.js';
import { connectRedis, type RedisClient, type RedisTarget } from '../redis/connection.js';
import { RedisKeys } from '../redis/keys.js';
import { listenFault } from '../runtime/port-check.js';
import { createSyncStore } from '../store/create-store.js';
import type { SyncStore } from '../store/sync-store.js';
import { type ApiConfig, assertApiConfig } from './api-config.js';
import type { ApiOperations } from './api-operations.js';
import { BOARD_PATH } from './board.js';
import { buildApi } from './build-api.js';

/**
 * QUIT, or a plain disconnect when Redis is away (QUIT then fails at once: the producer
 * connection has no offline queue). Not both: ioredis arms a 2 s timer to destroy a stream
 * that disconnect() finds already closed, which would hold the process.
 */
async function quitRedis(redis: RedisClient): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** Runs every step even when one before failed, logging each failure. */
async function runShutdownSteps(
  logger: Logger,
  steps: Array<[string, () => Promise<unknown>]>,
): Promise<void> {
  for (const [step, run] of steps) {
    try {
      await run();
    } catch (err) {
      logger.warn({ err, step }, 'API shutdown step failed');
    }
  }
}

function connect(
  config: StartApiConfig,
  logger: Logger,
): { redis: RedisClient; queue: SyncQueue; keys: RedisKeys } {
  // Producer role: fail fast, so a request answers 503 instead of hanging while Redis is away.
  const target = { redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes ?? null };
  const redis = connectRedis(target, 'producer');
  const queue = createSyncQueue(redis, config.queuePrefix);
  // BullMQ forwards the connection's errors here; without a listener the emitter would throw.
  queue.on('error', (err) => logger.warn({ err }, 'redis connection error (API)'));
  return { redis, queue, keys: new RedisKeys(config.queuePrefix) };
}

/** What startApi needs: the API's part of AppConfig plus where Redis and the queue live. */
export interface StartApiConfig extends ApiConfig {
  redisUrl: string;
  /** REDIS_CLUSTER_NODES: null or absent = the one Redis of redisUrl. */
  redisClusterNodes?: RedisTarget['redisClusterNodes'];
  queuePrefix: string;
  /** STORE_URL, for the read routes: null or absent = the Redis store. */
  storeUrl?: string | null;
}

export interface RunningApi {
  /** e.g. `http://127.0.0.1:8084` (the real port when the config asked for 0). */
  url: string;
  boardUrl: string;
  /** The accounts console (served when the API runs with its operator parts). */
  consoleUrl: string;
  /** Stops accepting, lets in-flight requests finish, then closes the queue and Redis. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Connects, builds the app and listens on HOST:PORT. Used by producers/api.ts and by the
 * all-in-one `npm start`. Throws ConfigError before connecting anything when the
 * configuration would expose an unauthenticated API.
 */
export async function startApi(
  config: StartApiConfig,
  logger: Logger,
  opts: { operations?: ApiOperations } = {},
): Promise<RunningApi> {
  assertApiConfig(config);
  const { redis, queue, keys } = connect(config, logger);
  let app: FastifyInstance | undefined;
  let store: SyncStore | undefined;
  // In order: stop taking requests before the queue and the connection go.
  const closeAll = () =>
    runShutdownSteps(logger, [
      ['http server', async () => app?.close()],
      ['store', async () => store?.close()],
      ['queue', () => queue.close()],
      ['redis', () => quitRedis(redis)],
    ]);

  let url: string;
  try {
    store = await createSyncStore({ storeUrl: config.storeUrl ?? null, redis, keys, logger });
    app = await buildApi({
      config,
      queue,
      redis,
      blocks: new AccountBlocks(redis, keys),
      status: new AccountStatus(redis, keys),
      store,
      logger,
      pushes: new PendingEvents(redis, keys),
      analytics: new AnalyticsStore(redis, keys),
      quotas: new ApiQuotas(redis, keys),
      ...(opts.operations ? { operations: opts.operations } : {}),
    });
    url = await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await closeAll();
    throw listenFault(err, 'PORT', config.host, config.port);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    boardUrl: `${url}${BOARD_PATH}`,
    consoleUrl: `${url}${CONSOLE_PATH}`,
    close: () => {
      closing ??= closeAll();
      return closing;
    },
  };
}
