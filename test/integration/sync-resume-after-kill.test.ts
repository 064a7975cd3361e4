import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { createSyncQueue } from '../../src/queue/sync-queue.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore, type StoredArticle, type SyncStore } from '../../src/store/index.js';
import type { SyncSummary } from '../../src/sync/index.js';
import { createConfigDir } from '../helpers/config-files.js';
import { QueueEventLog } from '../helpers/queue-event-log.js';
import { deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';
import { WorkerFleet, type WorkerProcess } from '../helpers/worker-process.js';
import { startWorkerWorld, type WorkerWorld } from '../helpers/worker-world.js';

/*
 * Issue #4: a worker process killed after page k; the retry resumes at page k+1 and
 * stores exactly what a clean full sync of the same account stores. The clean sync runs
 * first, by its own worker process under its own prefix, against the same simulated app
 * (the simulator's data depends on when the app was put, so it must be the same app).
 */
const ACCOUNT = { accountId: 'gh_resume_after_kill', appId: 'wx00000000000000d4' };
const SECRET = 'secret-resume-after-kill-0123456789';
const PUBLISHED = '/cgi-bin/freepublish/batchget';
const PAGE_SIZE = 20;
const ARTICLES = 100;
const PAGES = ARTICLES / PAGE_SIZE;
/** Pages stored before the kill: the worker dies while asking for page K + 1. */
const K = 2;
/** Pacing would only slow the test down; it is not what is tested here. Worker start-up dominates the time. */
const FAST = { WECHAT_RATE_PER_APP: '1000', RETRY_BASE_DELAY_MS: '200' };

let world: WorkerWorld;

beforeAll(async () => {
  world = await startWorkerWorld({
    name: 'resume-kill',
    accounts: [{ ...ACCOUNT, secret: SECRET }],
    worker: {
      concurrency: 1,
      // A dead worker's account lock and BullMQ job lock expire within seconds, and the
      // rescuer looks for stalled jobs every second, so recovery takes seconds, not minutes.
      lockTtlMs: 2_000,
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
      env: FAST,
    },
  });
  await world.sim.control.putApp(ACCOUNT.appId, { secret: SECRET, seed: { articles: ARTICLES } });
});

afterAll(async () => {
  await world.close();
});

async function storedArticles(store: SyncStore): Promise<StoredArticle[]> {
  const all: StoredArticle[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listArticles(ACCOUNT.accountId, { limit: 50, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

/** What a clean full sync of the account stores: a worker process under a fresh prefix, same simulator. */
async function cleanSync(): Promise<StoredArticle[]> {
  const prefix = uniquePrefix('resume-kill-ref');
  const files = createConfigDir('resume-kill-ref');
  const accountsFile = files.write('accounts.json', [{ ...ACCOUNT, appSecret: 'env:WX_SECRET_REF' }]);
  const fleet = new WorkerFleet({
    prefix,
    wechatApiBase: world.sim.url,
    accountsFile,
    env: { ...FAST, WX_SECRET_REF: SECRET },
  });
  const queue = createSyncQueue(world.redis, prefix);
  const events = await QueueEventLog.start(prefix);
  const store = new RedisSyncStore({ redis: world.redis, keys: new RedisKeys(prefix) });
  try {
    await fleet.start('reference');
    const { jobId } = await enqueueSync(queue, { accountId: ACCOUNT.accountId, trigger: 'api' });
    await events.waitFor('completed', jobId);
    return await storedArticles(store);
  } finally {
    await fleet.killAll();
    await events.close();
    await queue.close();
    await store.close();
    await deleteKeysWithPrefix(world.redis, prefix);
    files.remove();
  }
}

const publishedCalls = async (): Promise<number> =>
  (await world.sim.control.stats(ACCOUNT.appId)).callsByEndpoint[PUBLISHED] ?? 0;

describe(`a worker killed after page ${K} of ${PAGES}`, () => {
  let reference: StoredArticle[];
  let victim: WorkerProcess;
  let jobId: string;

  test('a clean full sync of the same app is the reference', async () => {
    reference = await cleanSync();
    expect(reference).toHaveLength(ARTICLES);
    expect(await publishedCalls()).toBe(PAGES);
  }, 60_000);

  test(`the victim stores pages 1..${K} with their checkpoint and is killed asking for page ${K + 1}`, async () => {
    victim = await world.workers.start('victim');
    await world.sim.control.resetStats(ACCOUNT.appId);
    await world.sim.control.addFault(ACCOUNT.appId, {
      kind: 'pause',
      endpoint: PUBLISHED,
      afterCalls: K,
      times: 1,
    });
    jobId = await world.enqueue(ACCOUNT.accountId);
    const [held] = await world.sim.control.waitForHeld(ACCOUNT.appId, 1);
    expect(held?.params).toMatchObject({ offset: K * PAGE_SIZE, count: PAGE_SIZE });

    // Page K's records and the checkpoint after it landed together.
    expect(await world.store.countArticles(ACCOUNT.accountId)).toBe(K * PAGE_SIZE);
    const { articles } = await world.store.getSyncState(ACCOUNT.accountId);
    expect(articles.checkpoint).toMatchObject({
      kind: 'articles',
      offset: K * PAGE_SIZE,
      pages: K,
      full: true,
    });
    expect(articles.lastCompleted).toBeNull();

    const exit = await victim.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(await world.queue.getJobState(jobId)).toBe('active');
  }, 60_000);

  test(`another worker recovers the stalled job and resumes at page ${K + 1}`, async () => {
    // Hold the rescuer's first page call too, to see where it starts.
    await world.sim.control.addFault(ACCOUNT.appId, { kind: 'pause', endpoint: PUBLISHED, times: 1 });
    const rescuer = await world.workers.start('rescuer');
    const held = await world.sim.control.waitForHeld(ACCOUNT.appId, 2, 30_000);
    expect(held.map((call) => call.params.offset)).toEqual([K * PAGE_SIZE, K * PAGE_SIZE]);
    // Both held calls go on; the victim's answer goes to a dead socket.
    expect(await world.sim.control.releaseHeld(ACCOUNT.appId)).toBe(2);

    await world.events.waitFor('completed', jobId, 30_000);
    expect(await world.queue.getJobState(jobId)).toBe('completed');
    expect(world.events.of('stalled', jobId)).toHaveLength(1);
    expect(world.events.of('failed', jobId)).toEqual([]);
    expect(rescuer.logged('resuming articles pass')).toMatchObject([{ offset: K * PAGE_SIZE, pages: K }]);
    expect(rescuer.logged('sync completed').map((log) => String(log.jobId))).toEqual([jobId]);

    // K pages and the held call by the victim, then the remaining pages by the rescuer.
    expect(await publishedCalls()).toBe(K + 1 + (PAGES - K));
    const summary = (await world.queue.getJob(jobId))?.returnvalue as SyncSummary;
    expect(summary.kinds.articles).toMatchObject({
      resumed: true,
      completed: true,
      pages: PAGES - K,
      added: ARTICLES - K * PAGE_SIZE,
      updated: 0,
      wechatCalls: PAGES - K,
    });
  }, 60_000);

  test('the stored set equals the clean sync: every article once, none missing, same records', async () => {
    const stored = await storedArticles(world.store);
    const ids = stored.map((a) => a.articleId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await world.store.countArticles(ACCOUNT.accountId)).toBe(ARTICLES);
    expect(stored).toEqual(reference);
    const { articles } = await world.store.getSyncState(ACCOUNT.accountId);
    expect(articles.checkpoint).toBeNull();
    expect(articles.lastFull).toMatchObject({ full: true, pages: PAGES });
  });
});
