import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/index.js';
import { SYNC_QUEUE, type SyncQueue } from '../../src/queue/index.js';
import { createSyncQueue } from '../../src/queue/sync-queue.js';
import { createRedisConnection } from '../../src/redis/connection.js';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { makeAccount, testConfig } from '../helpers/test-config.js';
import { type AppConfigInput, type SimulatorHandle, startSimulator } from '../simulator/index.js';

export interface RelAccount {
  accountId: string;
  appId: string;
  secret: string;
}

export function relAccounts(tag: string, count: number): RelAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `rel_${tag}_${i}`,
    appId: `wx${tag.length.toString(16)}e${i.toString(16).padStart(14, '0')}`,
    secret: `rel-secret-${tag}-${i}-${i.toString(36)}x9`,
  }));
}

export interface RelWorld {
  sim: SimulatorHandle;
  prefix: string;
  redisUrl: string;
  accounts: RelAccount[];
  admin: Redis;
  queue: SyncQueue;
  events: QueueEvents;
  /** The accounts file worker processes read (secrets as `env:` references), and those variables. */
  accountsFile: string;
  secretsEnv: Record<string, string>;
  config(overrides?: Partial<AppConfig>): AppConfig;
  /** The environment of a worker process of this world (workers/sync-worker.ts). */
  workerEnv(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** Simulator with the accounts' apps, a unique prefix, a queue and its events; close() removes all of it. */
export async function startRelWorld(
  name: string,
  accounts: RelAccount[],
  app: Partial<AppConfigInput> = {},
  redisUrl = TEST_REDIS_URL,
): Promise<RelWorld> {
  const sim = await startSimulator();
  for (const a of accounts) sim.state.putApp(a.appId, { secret: a.secret, quotas: false, ...app });
  const prefix = uniquePrefix(`rel-${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sync-rel-'));
  const accountsFile = join(dir, 'accounts.json');
  const secretsEnv = Object.fromEntries(accounts.map((a, i) => [`REL_SECRET_${i}`, a.secret]));
  const fileAccounts = accounts.map((a, i) => ({
    accountId: a.accountId,
    appId: a.appId,
    appSecret: `env:REL_SECRET_${i}`,
  }));
  writeFileSync(accountsFile, JSON.stringify(fileAccounts));
  const admin = createRedisConnection(redisUrl, 'worker');
  admin.on('error', () => undefined);
  const queue = createSyncQueue(admin, prefix);
  queue.on('error', () => undefined);
  const eventsConnection = createRedisConnection(redisUrl, 'worker');
  eventsConnection.on('error', () => undefined);
  const events = new QueueEvents(SYNC_QUEUE, {
    connection: eventsConnection,
    prefix,
  });
  events.on('error', () => undefined);
  await events.waitUntilReady();
  return {
    sim,
    prefix,
    redisUrl,
    accounts,
    admin,
    queue,
    events,
    accountsFile,
    secretsEnv,
    config: (overrides = {}) =>
      testConfig(
        { queuePrefix: prefix, wechatApiBase: sim.url, accounts: accounts.map((a) => makeAccount(a)) },
        { redisUrl, logLevel: 'info', ...overrides },
      ),
    workerEnv: (extra = {}) => ({
      ...secretsEnv,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      WECHAT_API_BASE: sim.url,
      ACCOUNTS_FILE: accountsFile,
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      ...extra,
    }),
    async close() {
      await events.close();
      // BullMQ leaves a connection it was given open.
      await eventsConnection.quit().catch(() => eventsConnection.disconnect());
      await queue.close();
      await deleteKeysWithPrefix(admin, prefix).catch(() => 0);
      await admin.quit().catch(() => admin.disconnect());
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { allFinished } from '../helpers/all-finished.js';
