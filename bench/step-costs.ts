import { AppCallPacer } from '../src/pacing/index.js';
import type { Services } from '../src/runtime/services.js';
import type { StoredArticle } from '../src/store/index.js';
import { mapPublishedItem } from '../src/sync/map-article.js';
import type { AccessToken } from '../src/wechat/access-token.js';
import { type BenchWorld, cachedTokens, discardingLogger, firstArticlesPage } from './bench-world.js';

/** What each step of a sync job costs on its own, in µs per operation; keys name the steps. */
export type StepCosts = Record<StepName, number>;

export const STEPS = {
  redisGet: 'a plain Redis GET (reference)',
  blockedCheck: 'blocked check',
  lock: 'lock acquire + release (fenced)',
  tokenRead: 'token read from the cache',
  pacing: 'pacing slot',
  stateRead: 'sync state read',
  pageUpsert: 'page upsert, 5 unchanged articles',
  successStatus: 'success status',
  logLines: "the job's log lines (2 child loggers, 1 line)",
  wechatCall: 'the WeChat call (got + simulator)',
} as const;
export type StepName = keyof typeof STEPS;

/** Operations in flight at once, as a worker at concurrency 50 has them. */
const IN_FLIGHT = 50;

/** µs per operation of `op` run `ops` times with IN_FLIGHT at once (CPU-bound, so ≈ the cost of one). */
async function perOp(ops: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ops) await op(next++);
    }),
  );
  return ((performance.now() - started) * 1000) / ops;
}

/**
 * Each step of the pipeline measured alone, through the same services the worker uses,
 * at the concurrency of the throughput target: where a job's time goes, in the same run
 * as a plain Redis GET (the cheapest possible step) and the WeChat call (the work every
 * design must do). Not measured here: BullMQ's own per-job scripts (the bare baseline
 * covers them), its deduplication removal and progress event. Expects the accounts'
 * tokens cached (the throughput warm-up does that).
 */
export async function stepCostsRun(world: BenchWorld, services: Services, ops: number): Promise<StepCosts> {
  const accounts = world.accounts;
  const at = (i: number) => accounts[i % accounts.length] as (typeof accounts)[number];
  // Never waits: the slot's Redis script is the cost; real pacing waits are WeChat's quota, not CPU.
  const pacer = new AppCallPacer({ redis: services.redis, keys: services.keys, ratePerSecond: 1e9 });
  const logger = discardingLogger().child({ role: 'worker', host: 'bench' });
  const tokens = await cachedTokens(services, accounts);
  const tokenOf = (accountId: string) => tokens.get(accountId) as AccessToken;

  // One page as the sync stores it, written once per account under its own fence; every
  // measured upsert then finds it unchanged (the steady state of a scheduled sync).
  const first = at(0);
  const page = await firstArticlesPage(services, first.appId, tokenOf(first.accountId));
  const articles: StoredArticle[] = page.item.map((item) => mapPublishedItem(item, { withContent: false }));
  const upsertAccounts = accounts.slice(0, Math.min(accounts.length, 200)).map((a) => `steps-${a.accountId}`);
  const fences: number[] = [];
  const state = (await services.store.getSyncState(upsertAccounts[0] as string)).articles;
  for (const accountId of upsertAccounts) {
    const taken = await services.lock.acquire(accountId, 'bench-steps');
    if (!taken.acquired) throw new Error(`step costs: lock of ${accountId} is busy`);
    fences.push(taken.lease.fence);
    await taken.lease.release();
    await services.store.upsertArticles(accountId, taken.lease.fence, articles, state);
  }

  const summary = {
    accountId: first.accountId,
    kinds: { articles: { pages: 1, fetched: 5, added: 0, updated: 0, unchanged: 5, wechatCalls: 1 } },
    durationMs: 3,
  };
  return {
    redisGet: await perOp(ops, (i) => services.redis.get(`${services.keys.prefix}:steps:${i % 1000}`)),
    blockedCheck: await perOp(ops, (i) => services.blocks.get(at(i).accountId)),
    lock: await perOp(ops, async (i) => {
      // An account no other op holds (each is released before a later run reuses it):
      // contention is not what this step measures.
      const taken = await services.lock.acquire(`steps-lock-${i}`, 'bench-steps');
      if (!taken.acquired) throw new Error('step costs: a fresh lock was busy');
      await taken.lease.release();
    }),
    tokenRead: await perOp(ops, (i) => services.tokens.get(at(i))),
    pacing: await perOp(ops, (i) => pacer.take(at(i).appId)),
    stateRead: await perOp(ops, (i) => services.store.getSyncState(at(i).accountId)),
    pageUpsert: await perOp(ops, (i) => {
      const k = i % upsertAccounts.length;
      return services.store.upsertArticles(upsertAccounts[k] as string, fences[k] as number, articles, state);
    }),
    successStatus: await perOp(ops, (i) =>
      services.status.recordSuccess(at(i).accountId, `steps-${i}`, Date.now()),
    ),
    logLines: await perOp(ops, async (i) => {
      const log = logger.child({ jobId: `steps-${i}`, accountId: at(i).accountId, trigger: 'api' });
      log.child({ kind: 'articles' });
      log.info({ outcome: 'completed', durationMs: 3, final: true, fence: 2, summary }, 'sync completed');
    }),
    wechatCall: await perOp(ops, (i) => firstArticlesPage(services, at(i).appId, tokenOf(at(i).accountId))),
  };
}
