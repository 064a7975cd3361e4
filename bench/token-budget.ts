import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { enqueueSyncBulk, SYNC_QUEUE } from '../src/queue/index.js';
import { createSyncQueue } from '../src/queue/sync-queue.js';
import { EntryProcess } from '../test/helpers/entry-process.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { type BenchWorld, benchAccount, benchConnection } from './bench-world.js';

export interface TokenBudgetOptions {
  processes: number;
  concurrency: number;
  jobs: number;
  accounts: number;
  /** Simulator token lifetime; short, so tokens expire and are refreshed during the run. */
  tokenTtlSec: number;
}

export interface TokenBudgetFigures {
  /** Token endpoint calls per token issued, worst app (1 = every call was a needed refresh). */
  tokenCallsPerLifetime: number;
  /** Token lifetimes the run lasted, fewest over the apps (proves tokens expired mid-run). */
  lifetimesPerApp: number;
  /** Most data calls the simulator saw at once for one app: concurrent syncs of one account. */
  maxConcurrentSyncsPerAccount: number;
  seconds: number;
}

/** The bench's own account ids, far from the throughput accounts. */
const FIRST = 100_000;

function writeAccountsFile(dir: string, count: number): { file: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const accounts = Array.from({ length: count }, (_, i) => {
    const spec = benchAccount(FIRST + i);
    env[`BENCH_SECRET_${i}`] = spec.secret;
    return { accountId: spec.accountId, appId: spec.appId, appSecret: `env:BENCH_SECRET_${i}` };
  });
  const file = join(dir, 'accounts.json');
  writeFileSync(file, JSON.stringify(accounts));
  return { file, env };
}

function spawnWorker(
  world: BenchWorld,
  prefix: string,
  files: { file: string; env: Record<string, string> },
  i: number,
  concurrency: number,
) {
  return new EntryProcess('workers/sync-worker.ts', [], {
    ...files.env,
    REDIS_URL: world.redis.url,
    QUEUE_PREFIX: prefix,
    WECHAT_API_BASE: world.sim.url,
    ACCOUNTS_FILE: files.file,
    WORKER_CONCURRENCY: String(concurrency),
    HOST_ID: `bench-worker-${i}`,
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    // Refresh 1 s before expiry; with the lock lease short, a busy account's jobs wait about 1 s.
    TOKEN_REFRESH_MARGIN_SECONDS: '1',
    LOCK_TTL_MS: '4000',
  });
}

/**
 * `processes` real worker processes (workers/sync-worker.ts, as `npm run worker` runs it),
 * `jobs` forced syncs spread over `accounts` accounts, tokens living `tokenTtlSec`.
 */
export async function tokenBudgetRun(
  world: BenchWorld,
  run: number,
  opts: TokenBudgetOptions,
): Promise<TokenBudgetFigures> {
  const prefix = `bench-tokens-${run}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sync-bench-'));
  const specs = Array.from({ length: opts.accounts }, (_, i) => benchAccount(FIRST + i));
  for (const spec of specs) {
    world.sim.state.putApp(spec.appId, {
      secret: spec.secret,
      quotas: false,
      latencyMs: 0,
      tokenTtlSec: opts.tokenTtlSec,
      seed: { articles: 5 },
    });
  }
  const files = writeAccountsFile(dir, opts.accounts);
  const admin = benchConnection(world);
  const queue = createSyncQueue(admin, prefix);
  const eventsConnection = benchConnection(world);
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix });
  const workers = Array.from({ length: opts.processes }, (_, i) =>
    spawnWorker(world, prefix, files, i, opts.concurrency),
  );
  try {
    await events.waitUntilReady();
    await Promise.all(
      workers.map((w) =>
        w.waitForLine((line) => line.includes('"sync worker started"'), { timeoutMs: 30_000 }),
      ),
    );
    let finished = 0;
    const allDone = new Promise<void>((resolve, reject) => {
      events.on('completed', () => {
        if (++finished === opts.jobs) resolve();
      });
      events.on('failed', ({ jobId, failedReason }) =>
        reject(new Error(`token bench job ${jobId} failed: ${failedReason}`)),
      );
    });
    const started = performance.now();
    const inputs = Array.from({ length: opts.jobs }, (_, i) => ({
      accountId: specs[i % specs.length]!.accountId,
      trigger: 'api' as const,
      force: true,
    }));
    await enqueueSyncBulk(queue, inputs);
    await allDone;
    const seconds = (performance.now() - started) / 1000;
    const stats = specs.map((spec) => world.sim.state.requireApp(spec.appId).stats.snapshot());
    return {
      tokenCallsPerLifetime: Math.max(...stats.map((s) => s.tokenCalls / Math.max(1, s.tokensIssued))),
      lifetimesPerApp: Math.min(...stats.map((s) => s.tokensIssued)),
      maxConcurrentSyncsPerAccount: Math.max(...stats.map((s) => s.maxConcurrentDataCalls)),
      seconds,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await events.close();
    // BullMQ leaves a connection it was given open.
    await eventsConnection.quit();
    await queue.close();
    await deleteKeysWithPrefix(admin, prefix);
    await admin.quit();
    rmSync(dir, { recursive: true, force: true });
  }
}
