import { type Job, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Account, AppConfig, Platform } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { SYNC_QUEUE } from '../../src/queue/names.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { openServices, type Services } from '../../src/runtime/services.js';
import { type RunningWorker, startWorker } from '../../src/worker/start-worker.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { finishedJob } from './finished-job.js';
import { type CapturedLog, captureLog } from './log-capture.js';
import { ws14Prefix } from './platform-prefix.js';
import { createTestRedis, deleteKeysWithPrefix } from './redis.js';
import { testConfig } from './test-config.js';

export const COMPONENT_APP_ID = 'wxc0c0c0c0c0c0c0c0';
export const PLATFORM_ID = 'agency';
const COMPONENT_SECRET = 'component-secret-for-tests-0001';
const PUSH_TOKEN = 'component-push-token-0001';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** `wx` + 16 hex: the n-th platform account's AppID. */
export const authorizerAppId = (n: number) => `wxa${n.toString(16).padStart(15, '0')}`;

export function platformAccount(n: number): Account {
  return {
    accountId: `client_${n}`,
    appId: authorizerAppId(n),
    platform: PLATFORM_ID,
    schedule: null,
    sync: ['articles'],
  };
}

export const PLATFORM: Platform = {
  platformId: PLATFORM_ID,
  name: 'Agency platform',
  componentAppId: COMPONENT_APP_ID,
  componentAppSecret: new Sensitive(COMPONENT_SECRET),
  token: new Sensitive(PUSH_TOKEN),
  encodingAESKey: new Sensitive(AES_KEY),
};

/** The simulator's side of the platform, as the tests configure it. */
export const SIM_PLATFORM = {
  secret: COMPONENT_SECRET,
  token: PUSH_TOKEN,
  encodingAESKey: AES_KEY,
  name: 'Agency platform',
};

export interface PlatformWorld {
  sim: SimulatorHandle;
  prefix: string;
  config: AppConfig;
  services: Services;
  worker: RunningWorker | null;
  queue: SyncQueue;
  events: QueueEvents;
  log: CapturedLog;
  redis: Redis;
  accounts: Account[];
  /** The account administrators approve in the simulator; their refresh tokens are stored here (as the authorized push would). */
  authorize(accounts: readonly Account[]): Promise<void>;
  /** WeChat pushes a ticket; it is stored as the push route would store it. */
  pushTicket(): Promise<void>;
  enqueue(accountId: string, force?: boolean): Promise<string>;
  finished(jobId: string, timeoutMs?: number): Promise<Job>;
  close(): Promise<void>;
}

/**
 * Platform mode in one test process: the simulator with one platform and `count` accounts
 * (each a simulated app with `articles` published), the services and a worker on a
 * `ws14c-` prefix, the platform stores in Redis or (with `storeUrl`) PostgreSQL.
 */
export async function startPlatformWorld(opts: {
  name: string;
  count: number;
  articles?: number;
  worker?: boolean;
  config?: Partial<AppConfig>;
}): Promise<PlatformWorld> {
  const sim = await startSimulator();
  const prefix = ws14Prefix(opts.name);
  const accounts = Array.from({ length: opts.count }, (_, i) => platformAccount(i + 1));
  const config = testConfig(
    { queuePrefix: prefix, wechatApiBase: sim.url, accounts },
    { platforms: [PLATFORM], ...opts.config },
  );
  await sim.control.platform.put(COMPONENT_APP_ID, SIM_PLATFORM);
  for (const account of accounts) {
    await sim.control.putApp(account.appId, {
      secret: `unused-secret-${account.appId}`,
      seed: { articles: opts.articles ?? 3 },
    });
  }
  const log = captureLog();
  const services = await openServices(config, log.logger);
  const redis = createTestRedis();
  const queue = createSyncQueue(redis, prefix);
  const eventsConnection = createTestRedis();
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix });
  await events.waitUntilReady();
  const worker = opts.worker === false ? null : await startWorker(services);
  const { authorizations, tickets } = services.platformStores;

  return {
    sim,
    prefix,
    config,
    services,
    worker,
    queue,
    events,
    log,
    redis,
    accounts,
    async authorize(chosen) {
      for (const account of chosen) {
        await sim.control.platform.authorize(COMPONENT_APP_ID, {
          authorizerAppId: account.appId,
          push: false,
        });
      }
      const granted = await sim.control.platform.authorizers(COMPONENT_APP_ID);
      const wanted = new Set(chosen.map((a) => a.appId));
      for (const a of granted.filter((g) => wanted.has(g.authorizerAppId))) {
        await authorizations.put(PLATFORM_ID, {
          authorizerAppId: a.authorizerAppId,
          refreshToken: new Sensitive(a.refreshToken),
          funcIds: a.funcIds,
          authorizedAt: a.authTime * 1000,
          updatedAt: Date.now(),
          state: 'authorized',
        });
      }
    },
    async pushTicket() {
      const { ticket, createTime } = await sim.control.platform.pushTicket(COMPONENT_APP_ID);
      await tickets.save(PLATFORM_ID, { ticket: new Sensitive(ticket), createdAt: createTime * 1000 });
    },
    async enqueue(accountId, force = false) {
      return (await enqueueSync(queue, { accountId, force, trigger: 'api' })).jobId;
    },
    finished: (jobId, timeoutMs) => finishedJob(queue, events, jobId, timeoutMs),
    async close() {
      await worker?.close();
      await events.close();
      eventsConnection.disconnect();
      await queue.close();
      await services.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await sim.close();
    },
  };
}
