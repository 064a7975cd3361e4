import assert from 'node:assert/strict';
import type { Job } from 'bullmq';
import type { SyncQueue } from '../../src/queue/index.js';
import type { SyncStore } from '../../src/store/index.js';
import type { SimulatorHandle } from '../simulator/index.js';

/**
 * The three checks every case ends with (issue #6): nothing lost or stuck, no account
 * synced by two holders at once, stored data equal to a clean sync.
 */

/** The finished jobs of a check, split by their final state. */
export interface FinishedJobs {
  completed: Job[];
  failed: Job[];
}

/**
 * Every job is completed, or failed with a reason; none waiting, delayed or active.
 * Split by state, not by `failedReason`: BullMQ keeps the reason of the last failed
 * attempt on a job that a retry then completed.
 */
export async function assertAllFinished(queue: SyncQueue, jobIds: readonly string[]): Promise<FinishedJobs> {
  const finished: FinishedJobs = { completed: [], failed: [] };
  for (const id of jobIds) {
    const job = await queue.getJob(id);
    assert.ok(job, `job ${id} is lost (not in Redis)`);
    const state = await job.getState();
    assert.ok(state === 'completed' || state === 'failed', `job ${id} is ${state}, not finished`);
    if (state === 'failed') assert.ok(job.failedReason, `job ${id} failed without a reason`);
    finished[state].push(job);
  }
  const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
  for (const [state, n] of Object.entries(counts)) assert.equal(n, 0, `${n} job(s) still ${state}`);
  return finished;
}

/** assertAllFinished, and none of the jobs failed. Returns them (completed), in the order of `jobIds`. */
export async function assertAllCompleted(queue: SyncQueue, jobIds: readonly string[]): Promise<Job[]> {
  const { completed, failed } = await assertAllFinished(queue, jobIds);
  const first = failed[0];
  assert.equal(
    failed.length,
    0,
    `${failed.length} job(s) failed, e.g. ${first?.id} after ${first?.attemptsMade} attempt(s): ${first?.failedReason}`,
  );
  return completed;
}

/** The simulator saw at most one data call at a time per app: no two holders synced one account. */
export function assertOneHolderAtATime(sim: SimulatorHandle, appIds: readonly string[]): void {
  for (const appId of appIds) {
    const max = sim.state.requireApp(appId).stats.snapshot().maxConcurrentDataCalls;
    assert.ok(max <= 1, `app ${appId} saw ${max} concurrent data calls: two holders synced one account`);
  }
}

/** The article ids WeChat (the simulator) publishes for an app: what a clean sync stores. */
export async function publishedArticleIds(
  sim: SimulatorHandle,
  appId: string,
  secret: string,
): Promise<string[]> {
  const post = async (path: string, body: object) => {
    const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  };
  const token = await post('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: appId,
    secret,
  });
  const ids: string[] = [];
  for (let offset = 0; ; offset += 20) {
    const page = await post(`/cgi-bin/freepublish/batchget?access_token=${token.access_token}`, {
      offset,
      count: 20,
      no_content: 1,
    });
    const items = (page.item ?? []) as Array<{ article_id: string }>;
    ids.push(...items.map((item) => item.article_id));
    if (items.length < 20 || ids.length >= Number(page.total_count)) return ids;
  }
}

/** The store holds exactly the published articles of the account: none missing, none twice. */
export async function assertStoredEqualsClean(
  store: SyncStore,
  sim: SimulatorHandle,
  account: { accountId: string; appId: string; secret: string },
): Promise<void> {
  const stored: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listArticles(account.accountId, { limit: 100, ...(cursor ? { cursor } : {}) });
    stored.push(...page.items.map((a) => a.articleId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const expected = await publishedArticleIds(sim, account.appId, account.secret);
  assert.equal(new Set(stored).size, stored.length, `${account.accountId}: an article is stored twice`);
  assert.equal(await store.countArticles(account.accountId), expected.length, `${account.accountId}: count`);
  assert.deepEqual([...stored].sort(), [...expected].sort(), `${account.accountId}: stored ≠ a clean sync`);
}
