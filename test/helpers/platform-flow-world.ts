import { randomBytes } from 'node:crypto';
import { type Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { operationsFrom, type RunningApi, startApi } from '../../src/api/index.js';
import type { Account, AppConfig, Platform } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { SYNC_QUEUE } from '../../src/queue/names.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { openServices, type Services } from '../../src/runtime/services.js';
import { type RunningWorker, startWorker } from '../../src/worker/start-worker.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { type CapturedLog, captureLog } from './log-capture.js';
import { unusedPort } from './ports.js';
import { deleteKeysWithPrefix } from './redis.js';
import { testConfig } from './test-config.js';

/** The platform every FLOW test uses; secrets are test values. */
export const PLATFORM_ID = 'agency';
export const COMPONENT_APP_ID = 'wx14f0a0b1c2d3e4f5';
export const COMPONENT_SECRET = '14f0a0b1c2d3e4f514f0a0b1c2d3e4f5';
export const PLATFORM_TOKEN = 'ws14fPlatformPushToken';
export const PLATFORM_AES_KEY = 'ws14fAbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab';

export const platformConfig = (): Platform => ({
  platformId: PLATFORM_ID,
  name: 'ws14f Agency',
  componentAppId: COMPONENT_APP_ID,
  componentAppSecret: new Sensitive(COMPONENT_SECRET),
  token: new Sensitive(PLATFORM_TOKEN),
  encodingAESKey: new Sensitive(PLATFORM_AES_KEY),
});

/** A Redis prefix for FLOW's platform tests (`ws14f-<name>-<hex>`). */
export function ws14fPrefix(name: string): string {
  return `ws14f-${name}-${randomBytes(4).toString('hex')}`;
}

/** `count` platform accounts `ws14f_<i>` with AppIDs `wx14f1…<i>`. */
export function platformAccounts(count: number, sync: Account['sync'] = ['articles']): Account[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `ws14f_${i}`,
    appId: `wx14f1${String(i).padStart(12, '0')}`,
    platform: PLATFORM_ID,
    schedule: null,
    sync,
  }));
}

export interface PlatformWorld {
  sim: SimulatorHandle;
  config: AppConfig;
  /** The API's services (also the in-process workers' when `workers` > 0). */
  services: Services;
  api: RunningApi;
  workers: RunningWorker[];
  queue: SyncQueue;
  redis: Redis;
  log: CapturedLog;
  prefix: string;
  enqueue(accountId: string): Promise<string>;
  /** Resolves when the job completes or finally fails (BullMQ queue events, no polling). */
  finished(jobId: string, timeoutMs?: number): Promise<Job>;
  close(): Promise<void>;
}

export interface PlatformWorldOptions {
  name: string;
  accounts: Account[];
  /** In-process workers, each with its own Services (as separate processes would). Default 1. */
  workers?: number;
  config?: Partial<AppConfig>;
  /** Seed of each account's simulated app. */
  seed?: { articles?: number; followers?: number };
}

/**
 * Simulator with the platform (its event URL pointing at the API), the HTTP API started
 * the production way (startApi with the services' operations, PUBLIC_URL its own origin,
 * WeChat's authorisation pages served by the simulator) and workers, under a ws14f prefix.
 */
export async function startPlatformWorld(opts: PlatformWorldOptions): Promise<PlatformWorld> {
  const sim = await startSimulator();
  const prefix = ws14fPrefix(opts.name);
  const port = await unusedPort();
  const config = testConfig(
    { queuePrefix: prefix, wechatApiBase: sim.url, accounts: opts.accounts },
    {
      platforms: [platformConfig()],
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      wechatMpBase: sim.url,
      wechatOpenBase: sim.url,
      ...opts.config,
    },
  );
  const log = captureLog();
  await sim.platform.put(COMPONENT_APP_ID, {
    secret: COMPONENT_SECRET,
    token: PLATFORM_TOKEN,
    encodingAESKey: PLATFORM_AES_KEY,
    eventUrl: `http://127.0.0.1:${port}/wechat/platform/${PLATFORM_ID}/events`,
    name: 'ws14f Agency',
  });
  for (const account of opts.accounts)
    await sim.control.putApp(account.appId, {
      secret: `own-secret-${account.appId}`,
      seed: { articles: opts.seed?.articles ?? 3, followers: opts.seed?.followers ?? 0 },
    });
  const services = await openServices(config, log.logger);
  const api = await startApi(config, log.logger, { operations: operationsFrom(services) });
  const workers: RunningWorker[] = [];
  const workerServices: Services[] = [];
  for (let i = 0; i < (opts.workers ?? 1); i++) {
    const own = await openServices({ ...config, hostId: `ws14f-worker-${i}` }, log.logger);
    workerServices.push(own);
    workers.push(await startWorker(own));
  }
  // On config.redisUrl: the shared test Redis, or a test's private one.
  const connect = () => new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const redis = connect();
  const queue = createSyncQueue(redis, prefix);
  const eventsConnection = connect();
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix });
  await events.waitUntilReady();
  return {
    sim,
    config,
    services,
    api,
    workers,
    queue,
    redis,
    log,
    prefix,
    async enqueue(accountId) {
      return (await enqueueSync(queue, { accountId, force: false, trigger: 'api' })).jobId;
    },
    async finished(jobId, timeoutMs = 20_000) {
      const job = await queue.getJob(jobId);
      if (!job) throw new Error(`no job ${jobId}`);
      await job.waitUntilFinished(events, timeoutMs).catch(() => undefined);
      const done = await queue.getJob(jobId);
      const state = await done?.getState();
      if (!done || (state !== 'completed' && state !== 'failed'))
        throw new Error(`job ${jobId} is ${state} after ${timeoutMs} ms: ${done?.failedReason ?? ''}`);
      return done;
    },
    async close() {
      for (const worker of workers) await worker.close();
      await events.close();
      eventsConnection.disconnect();
      await queue.close();
      await api.close();
      for (const own of workerServices) await own.close();
      await services.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await sim.close();
    },
  };
}
