import type { Redis } from 'ioredis';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore } from '../../src/store/index.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { createConfigDir } from './config-files.js';
import { QueueEventLog } from './queue-event-log.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from './redis.js';
import type { TestAccountSpec } from './test-config.js';
import { WorkerFleet, type WorkerSettings } from './worker-process.js';

/**
 * What the multi-process worker tests run against: the simulator, a unique prefix on
 * the real Redis, an accounts file whose secrets are `env:` references (as in
 * production), a producer queue, every queue event, a store reader, and a fleet of
 * real worker processes. close() kills the processes and deletes the prefix.
 */
export interface WorkerWorld {
  sim: SimulatorHandle;
  prefix: string;
  keys: RedisKeys;
  redis: Redis;
  queue: SyncQueue;
  events: QueueEventLog;
  /** Reads what the workers stored (same keys as theirs). */
  store: RedisSyncStore;
  workers: WorkerFleet;
  /** Adds a sync as the API would (trigger `api`); `force` skips deduplication. */
  enqueue(accountId: string, force?: boolean): Promise<string>;
  close(): Promise<void>;
}

/** The accounts file the worker processes read, secrets passed as environment variables. */
function writeAccounts(name: string, accounts: TestAccountSpec[]) {
  const files = createConfigDir(name);
  const env: Record<string, string> = {};
  const entries = accounts.map((account, n) => {
    const variable = `WX_SECRET_${n + 1}`;
    env[variable] = account.secret;
    return {
      accountId: account.accountId,
      appId: account.appId,
      appSecret: `env:${variable}`,
      sync: account.sync ?? ['articles'],
    };
  });
  return { files, path: files.write('accounts.json', entries), env };
}

export async function startWorkerWorld(opts: {
  name: string;
  accounts: TestAccountSpec[];
  /** Settings every worker of this world starts with; WorkerFleet.start overrides per process. */
  worker?: Partial<WorkerSettings>;
}): Promise<WorkerWorld> {
  const sim = await startSimulator();
  const prefix = uniquePrefix(opts.name);
  const keys = new RedisKeys(prefix);
  const redis = createTestRedis();
  const queue = createSyncQueue(redis, prefix);
  const events = await QueueEventLog.start(prefix);
  const store = new RedisSyncStore({ redis, keys });
  const accounts = writeAccounts(opts.name, opts.accounts);
  const workers = new WorkerFleet({
    prefix,
    wechatApiBase: sim.url,
    accountsFile: accounts.path,
    ...opts.worker,
    env: { ...accounts.env, ...opts.worker?.env },
  });
  return {
    sim,
    prefix,
    keys,
    redis,
    queue,
    events,
    store,
    workers,
    async enqueue(accountId, force = false) {
      return (await enqueueSync(queue, { accountId, force, trigger: 'api' })).jobId;
    },
    async close() {
      await workers.killAll();
      await events.close();
      await queue.close();
      await store.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await sim.close();
      accounts.files.remove();
    },
  };
}
