import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AccountBlocks, AccountStatus } from '../../src/accounts/index.js';
import { type ApiConfig, buildApi } from '../../src/api/index.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { type CapturedLog, captureLog } from './log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from './redis.js';

export interface ApiHarness {
  app: FastifyInstance;
  queue: SyncQueue;
  /** The test's own connection (queue, blocks); also what readiness pings unless `readinessRedis` was given. */
  redis: Redis;
  keys: RedisKeys;
  blocks: AccountBlocks;
  prefix: string;
  log: CapturedLog;
  /** Closes the app and queue, deletes the prefix's keys, quits Redis. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<ApiConfig>;
  /** A separate connection for the routes' reads and readiness (e.g. one pointed at a dead port). */
  routesRedis?: Redis;
  readyTimeoutMs?: number;
}

export const TEST_ACCOUNTS = [{ accountId: 'acc-main' }, { accountId: 'acc-news' }];

/** A real app on real Redis and a real BullMQ queue under a unique prefix; no worker, nothing listening. */
export async function createApiHarness(name: string, opts: HarnessOptions = {}): Promise<ApiHarness> {
  const prefix = uniquePrefix(name);
  const redis = createTestRedis();
  const queue = createSyncQueue(redis, prefix);
  const keys = new RedisKeys(prefix);
  const routesRedis = opts.routesRedis ?? redis;
  const blocks = new AccountBlocks(routesRedis, keys);
  const log = captureLog('info');
  const config: ApiConfig = {
    host: '127.0.0.1',
    port: 0,
    apiToken: null,
    board: null,
    accounts: TEST_ACCOUNTS,
    ...opts.config,
  };
  const app = await buildApi({
    config,
    queue,
    redis: routesRedis,
    blocks,
    status: new AccountStatus(routesRedis, keys),
    logger: log.logger,
    ...(opts.readyTimeoutMs ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
  });
  await app.ready();
  // Connected before the first test, so readiness does not depend on how fast Redis answered.
  await queue.waitUntilReady();
  return {
    app,
    queue,
    redis,
    keys,
    blocks: new AccountBlocks(redis, keys),
    prefix,
    log,
    close: async () => {
      await app.close();
      await queue.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
