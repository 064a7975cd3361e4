import { type Logger, pino } from 'pino';
import { AppCallPacer } from '../src/pacing/index.js';
import type { Services } from '../src/runtime/services.js';
import { canonicalJson } from '../src/store/canonical-json.js';
import type { StoredArticle } from '../src/store/index.js';
import { mapPublishedItem } from '../src/sync/map-article.js';
import { emptyKindSummary } from '../src/sync/sync-context.js';
import type { AccessToken } from '../src/wechat/access-token.js';
import { publishedPage } from '../src/wechat/answer-schemas.js';
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
  logLines: "the job's log line (job and kind loggers, 1 line)",
  logLinesPinoAlone: 'the same log line, plain pino without our guards (reference)',
  logLinesCpu: "the job's log line, CPU time (not wall: other load on the machine left out)",
  logLinesPinoAloneCpu: 'the same log line, plain pino, CPU time (reference)',
  wechatCall: 'the WeChat call (got + simulator)',
  answerParseCpu: 'parsing the page answer (JSON.parse + zod), CPU (inside bare + WeChat call already)',
  mapCanonicalCpu: 'mapping the page to records + their canonical JSON, CPU',
  necessaryCpu: 'necessary work beyond the call: map + canonical JSON + fenced store write, CPU',
} as const;
export type StepName = keyof typeof STEPS;

/** Operations in flight at once, as a worker at concurrency 50 has them. */
const IN_FLIGHT = 50;

/** µs per operation of `op` run `ops` times with IN_FLIGHT at once (CPU-bound, so ≈ the cost of one). */
async function perOp(ops: number, op: (i: number) => Promise<unknown>): Promise<number> {
  return (await perOpWithCpu(ops, op)).wall;
}

/** perOp's wall time, and this process's CPU time per operation (µs). */
async function perOpWithCpu(
  ops: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ wall: number; cpu: number }> {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ops) await op(next++);
    }),
  );
  const wall = ((performance.now() - started) * 1000) / ops;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / ops };
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
  const plainLogger = pino({ level: 'info' }, { write: () => undefined }).child({
    role: 'worker',
    host: 'bench',
  });
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
    // The whole KindSummary a one-page incremental sync returns, as the outcome line carries it.
    kinds: {
      articles: {
        ...emptyKindSummary(),
        pages: 1,
        fetched: 5,
        unchanged: 5,
        wechatCalls: 1,
        full: false,
        completed: true,
        durationMs: 3,
      },
    },
    durationMs: 3,
  };
  // As the worker makes them (sync-processor.ts): the job's logger and, beside it (not its
  // child), the kind's, then the one outcome line; the token cache's tokens are registered.
  const logLine = async (logger: Logger) =>
    perOpWithCpu(ops, async (i) => {
      const bindings = { jobId: `steps-${i}`, accountId: at(i).accountId, trigger: 'api' };
      const log = logger.child(bindings);
      logger.child({ ...bindings, kind: 'articles' });
      log.info({ outcome: 'completed', durationMs: 3, final: true, fence: 2, summary }, 'sync completed');
    });
  const guarded = await logLine(logger);
  const plain = await logLine(plainLogger);
  // The floor of what a one-page sync must do beyond bare + the WeChat call (whose client
  // already parses the answer): map the page, write its records' canonical JSON, send the
  // fenced write and read its answer. CPU time, as the worker's CPU per job is.
  const body = JSON.stringify({
    total_count: page.total_count,
    item_count: page.item_count,
    item: page.item,
  });
  const answerParse = await perOpWithCpu(ops, async () => publishedPage.parse(JSON.parse(body)));
  const mapItems = () => page.item.map((item) => mapPublishedItem(item, { withContent: false }));
  const mapCanonical = await perOpWithCpu(ops, async () => mapItems().map((a) => canonicalJson(a)));
  const necessary = await perOpWithCpu(ops, (i) => {
    const k = i % upsertAccounts.length;
    return services.store.upsertArticles(upsertAccounts[k] as string, fences[k] as number, mapItems(), state);
  });
  return {
    answerParseCpu: answerParse.cpu,
    mapCanonicalCpu: mapCanonical.cpu,
    necessaryCpu: necessary.cpu,
    logLines: guarded.wall,
    logLinesCpu: guarded.cpu,
    logLinesPinoAlone: plain.wall,
    logLinesPinoAloneCpu: plain.cpu,
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
    wechatCall: await perOp(ops, (i) => firstArticlesPage(services, at(i).appId, tokenOf(at(i).accountId))),
  };
}
