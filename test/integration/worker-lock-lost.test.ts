import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Job } from 'bullmq';
import type { AccountLease } from '../../src/lock/index.js';
import { holderFromHash } from '../../src/lock/lock-holder.js';
import type { PublishedItem } from '../../src/wechat/types.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import type { TestAccountSpec } from '../helpers/test-config.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const ARTICLES = 60;
const PAGE = 20;
/** First retry delay: longer than any test, so a retry runs only when the test promotes it. */
const RETRY_LATER_MS = 120_000;

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

/** What happened to the job's first attempt, as the worker reported it. */
interface Takeover {
  jobId: string;
  /** The lease the test took after deleting the running job's lock. */
  intruder: AccountLease;
  /** The error of the attempt that lost the lock. */
  error: Error & Record<string, unknown>;
  /** Stored articles when that attempt failed. */
  storedAtFailure: number;
}

/**
 * Enqueues a sync and, right after its first page is stored, takes the account's lock
 * away from it: the lock key is deleted and a new lease acquired (a higher fence), as a
 * second worker would after the first one's lease ran out.
 */
async function syncAndTakeOver(sys: TestSystem, account: TestAccountSpec): Promise<Takeover> {
  const worker = sys.worker?.worker;
  if (!worker) throw new Error('the test system has no worker');
  let intruder: Promise<AccountLease> | undefined;
  worker.on('progress', () => {
    intruder ??= (async () => {
      await sys.redis.del(sys.services.keys.lock(account.accountId));
      const taken = await sys.services.lock.acquire(account.accountId, 'intruder');
      if (!taken.acquired) throw new Error('the intruder could not take the freed lock');
      return taken.lease;
    })();
    // Awaited below; this only keeps a failure from counting as unhandled before then.
    intruder.catch(() => {});
  });
  // 'failed' fires for every failed attempt, retried or not.
  const failed = new Promise<[Job | undefined, Error]>((resolve) => {
    worker.once('failed', (job, err) => resolve([job, err]));
  });
  const jobId = await sys.enqueue(account.accountId);
  const [job, error] = await failed;
  const storedAtFailure = await sys.services.store.countArticles(account.accountId);
  if (!intruder) throw new Error('the job failed before its first page was stored');
  expect(job?.id).toBe(jobId);
  return {
    jobId,
    intruder: await intruder,
    error: error as Error & Record<string, unknown>,
    storedAtFailure,
  };
}

/** The ids of the articles on the simulator's first page of freepublish/batchget. */
function firstPageIds(appId: string): string[] {
  const published = sim.state.requireApp(appId).content().published as PublishedItem[];
  return published.slice(0, PAGE).map((item) => item.article_id);
}

async function storedIds(sys: TestSystem, accountId: string): Promise<string[]> {
  const page = await sys.services.store.listArticles(accountId, { limit: 100 });
  return page.items.map((article) => article.articleId).sort();
}

/**
 * The failed attempt waits for its retry (a long backoff, so the retry cannot meet the
 * intruder's lock); once the intruder lets go, the retry finishes the sync: a lost lock
 * costs an attempt, never the job.
 */
async function expectRetryCompletes(sys: TestSystem, takeover: Takeover, accountId: string): Promise<void> {
  const waiting = await sys.queue.getJob(takeover.jobId);
  expect(await waiting?.getState()).toBe('delayed');
  expect(waiting?.attemptsMade).toBe(1);
  await takeover.intruder.release();
  await waiting?.promote();
  const job = await sys.finished(takeover.jobId);
  expect(await job.getState()).toBe('completed');
  expect(job.attemptsMade).toBe(2);
  expect(await sys.services.store.countArticles(accountId)).toBe(ARTICLES);
}

describe('lock lost mid-run, noticed by the lease renewal', () => {
  const account = {
    accountId: 'gh_renewlost00001',
    appId: 'wx00000000000000f1',
    secret: 'secret-renew-1234567890',
  };
  let sys: TestSystem;

  beforeAll(async () => {
    // Renewal every 500 ms; a page takes 2.5 s: the renewal finds the lock taken while page 2 is in flight.
    await sim.control.putApp(account.appId, {
      secret: account.secret,
      latencyMs: 2_500,
      seed: { articles: ARTICLES },
    });
    sys = await startTestSystem({
      name: 'worker-lock-lost-renew',
      accounts: [account],
      sim,
      config: { lockTtlMs: 1_500, retryBaseDelayMs: RETRY_LATER_MS },
    });
  });

  afterAll(async () => {
    await sys.close();
  });

  test('the attempt fails with LockLostError and stores nothing after the takeover', async () => {
    const takeover = await syncAndTakeOver(sys, account);

    expect(takeover.error.name).toBe('LockLostError');
    expect(takeover.error.reason).toBe('taken');
    expect(takeover.intruder.fence).toBe(Number(takeover.error.fence) + 1);
    expect(takeover.storedAtFailure).toBe(PAGE);
    expect(await storedIds(sys, account.accountId)).toEqual(firstPageIds(account.appId).sort());
    // The losing run's release left the new holder's lock alone.
    const holder = holderFromHash(await sys.redis.hgetall(sys.services.keys.lockHolder(account.accountId)));
    expect(holder).toMatchObject({ jobId: 'intruder', fence: takeover.intruder.fence });

    await sim.control.patchApp(account.appId, { latencyMs: 0 });
    await expectRetryCompletes(sys, takeover, account.accountId);
  }, 30_000);
});

describe('lock lost mid-run, refused by the fence before the renewal notices', () => {
  const account = {
    accountId: 'gh_fencelost00001',
    appId: 'wx00000000000000f2',
    secret: 'secret-fence-1234567890',
  };
  let sys: TestSystem;

  beforeAll(async () => {
    // Renewal only every 20 s: the next page's write is what meets the newer fence.
    await sim.control.putApp(account.appId, {
      secret: account.secret,
      latencyMs: 300,
      seed: { articles: ARTICLES },
    });
    sys = await startTestSystem({
      name: 'worker-lock-lost-fence',
      accounts: [account],
      sim,
      config: { lockTtlMs: 60_000, retryBaseDelayMs: RETRY_LATER_MS },
    });
  });

  afterAll(async () => {
    await sys.close();
  });

  test('the attempt fails with StaleFenceError and its page after the takeover is not stored', async () => {
    const takeover = await syncAndTakeOver(sys, account);

    expect(takeover.error.name).toBe('StaleFenceError');
    expect(takeover.error.currentFence).toBe(takeover.intruder.fence);
    expect(Number(takeover.error.fence)).toBeLessThan(takeover.intruder.fence);
    expect(takeover.storedAtFailure).toBe(PAGE);
    expect(await storedIds(sys, account.accountId)).toEqual(firstPageIds(account.appId).sort());
    const holder = holderFromHash(await sys.redis.hgetall(sys.services.keys.lockHolder(account.accountId)));
    expect(holder).toMatchObject({ jobId: 'intruder', fence: takeover.intruder.fence });

    await expectRetryCompletes(sys, takeover, account.accountId);
  }, 30_000);
});
