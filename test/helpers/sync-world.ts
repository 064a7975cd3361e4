import type { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import type { Account, SyncKind } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { type AccountLease, AccountLock } from '../../src/lock/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore, type StoredArticle } from '../../src/store/index.js';
import type { SyncContext, SyncProgress } from '../../src/sync/index.js';
import { TokenCache } from '../../src/token/token-cache.js';
import { tokenSourceFor } from '../../src/token/token-source.js';
import { WeChatClient } from '../../src/wechat/client.js';
import type { PublishedItem } from '../../src/wechat/types.js';
import { type AppConfigInput, type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from './redis.js';

/** One JSON log line as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/**
 * What the sync tests run against: the WeChat simulator, a real WeChatClient, a real
 * TokenCache, AccountLock and RedisSyncStore on real Redis under a prefix of their own.
 */
export interface SyncWorld {
  sim: SimulatorHandle;
  redis: Redis;
  keys: RedisKeys;
  client: WeChatClient;
  tokens: TokenCache;
  store: RedisSyncStore;
  lock: AccountLock;
  /** Every line logged through contexts made by context(), newest last. */
  logs: LogLine[];
  /** A new simulated app (unique appId and accountId) and the configured Account for it. */
  newAccount(cfg: Partial<AppConfigInput>, sync?: SyncKind[]): Promise<Account>;
  /** Takes the account's lock like a job would; the lease is released by close() if the test did not. */
  acquire(account: Account, jobId?: string): Promise<AccountLease>;
  context(
    account: Account,
    lease: { fence: number; signal: AbortSignal },
    over?: Partial<SyncContext>,
  ): SyncContext;
  /** The simulator's published posts of an app, as it serves them (the ground truth a sync must match). */
  published(appId: string): PublishedItem[];
  /** Everything stored for an account, via the store's own listing. */
  storedArticles(accountId: string): Promise<StoredArticle[]>;
  /** freepublish/batchget calls the simulator answered for an app. */
  publishedCalls(appId: string): Promise<number>;
  close(): Promise<void>;
}

export const PUBLISHED_PATH = '/cgi-bin/freepublish/batchget';

export async function startSyncWorld(name: string): Promise<SyncWorld> {
  const sim = await startSimulator();
  const redis = createTestRedis();
  const keys = new RedisKeys(uniquePrefix(name));
  const client = new WeChatClient({ baseUrl: sim.url, timeoutMs: 5_000 });
  const tokens = new TokenCache({ redis, keys, source: tokenSourceFor(client) });
  const store = new RedisSyncStore({ redis, keys });
  // Renewal far slower than any test, so a lease is lost only where a test makes it so.
  const lock = new AccountLock({ redis, keys, ttlMs: 60_000 });
  const logs: LogLine[] = [];
  const logger = memoryLogger(logs);
  const leases: AccountLease[] = [];
  let apps = 0;

  return {
    sim,
    redis,
    keys,
    client,
    tokens,
    store,
    lock,
    logs,
    async newAccount(cfg, sync = ['articles']) {
      apps += 1;
      const appId = `wx${apps.toString(16).padStart(16, '0')}`;
      const secret = `secret-${appId}-0123456789abcdef`;
      await sim.control.putApp(appId, { secret, ...cfg });
      return {
        accountId: `acc-${name}-${apps}`,
        appId,
        appSecret: new Sensitive(secret),
        schedule: null,
        sync,
      };
    },
    async acquire(account, jobId = 'job-1') {
      const result = await lock.acquire(account.accountId, jobId);
      if (!result.acquired) throw new Error(`lock of ${account.accountId} is busy`);
      leases.push(result.lease);
      return result.lease;
    },
    context(account, lease, over = {}) {
      return {
        account,
        jobId: 'job-1',
        fence: lease.fence,
        signal: lease.signal,
        force: false,
        client,
        tokens,
        store,
        logger: logger.child({ jobId: 'job-1', accountId: account.accountId }),
        ...over,
      };
    },
    published: (appId) => sim.state.requireApp(appId).content().published as PublishedItem[],
    async storedArticles(accountId) {
      const page = await store.listArticles(accountId, { limit: 1000 });
      return page.items;
    },
    async publishedCalls(appId) {
      return (await sim.control.stats(appId)).callsByEndpoint[PUBLISHED_PATH] ?? 0;
    },
    async close() {
      await Promise.all(leases.map((lease) => lease.release()));
      await tokens.close();
      await store.close();
      client.close();
      await sim.close();
      await deleteKeysWithPrefix(redis, keys.prefix);
      await redis.quit();
    },
  };
}

function memoryLogger(lines: LogLine[]): Logger {
  // pino writes each record as one JSON line, synchronously, to a destination with write().
  return pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
}

/** Collects progress reports, as a processor's callback would receive them. */
export function progressRecorder(): {
  reports: SyncProgress[];
  onProgress: (p: SyncProgress) => Promise<void>;
} {
  const reports: SyncProgress[] = [];
  return { reports, onProgress: async (p) => void reports.push(p) };
}
