import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { QueueEvents } from 'bullmq';
import { enqueueSyncBulk } from '../../src/queue/index.js';
import { SYNC_QUEUE } from '../../src/queue/names.js';
import { createSyncQueue } from '../../src/queue/sync-queue.js';
import { type RunningWorker, startWorker } from '../../src/worker/start-worker.js';
import { type AuthorityWorld, startAuthorityWorld } from '../helpers/authority-world.js';
import { EntryProcess } from '../helpers/entry-process.js';
import { createTestRedis } from '../helpers/redis.js';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy.js';

/*
 * The "done when": a second system, in its own process and holding no AppSecret,
 * gets every token from the authority for 1 000 syncs while this deployment's worker syncs
 * the same apps, with tokens living 6 s. All of this deployment's WeChat traffic leaves
 * through a forward proxy, and only the proxy's address is whitelisted.
 */
const TTL_SEC = 6;
/** A token is handed out with at least this much life left (a loaded CI box may take seconds to use it). */
const MARGIN_MS = 3_000;
const A = { accountId: 'ws12_second_a', appId: 'wx12000000000005a1', secret: 'ws12-second-secret-a-0123' };
const B = { accountId: 'ws12_second_b', appId: 'wx12000000000005b2', secret: 'ws12-second-secret-b-0123' };
const SECOND = 'second-system-credential-0123';
const SCOPED = 'scoped-to-a-credential-4567';
const RUN_MS = 12_000;

let proxy: TestProxy;
let world: AuthorityWorld;
let worker: RunningWorker;

beforeAll(async () => {
  proxy = await startTestProxy('127.0.0.2');
  world = await startAuthorityWorld({
    name: 'ws12-second',
    accounts: [A, B],
    clients: [
      { clientId: 'second', credential: SECOND, apps: [A.appId, B.appId], perMinute: 100_000 },
      { clientId: 'scoped', credential: SCOPED, apps: [A.appId] },
    ],
    app: { tokenTtlSec: TTL_SEC, whitelist: [proxy.egressIp], seed: { articles: 5 } },
    config: { tokenRefreshMarginMs: MARGIN_MS, logLevel: 'info' },
    proxyUrl: proxy.url,
  });
  worker = await startWorker(world.services);
});

afterAll(async () => {
  await worker?.close();
  await world?.close();
  await proxy?.close();
});

interface SecondSystemReport {
  syncs: number;
  ms: number;
  errcodes: Record<string, number>;
  refreshes: number;
  unresolved: Record<string, number>;
  callsByEndpoint: Record<string, number>;
  tokensSeen: Record<string, string[]>;
  scopedStatus: number;
  scopedOwn: number;
}

async function runSecondSystem(): Promise<SecondSystemReport> {
  const child = new EntryProcess('test/helpers/second-system.ts', [], {
    APPS: `${A.appId},${B.appId}`,
    SYNCS: '1000',
    LANES: '4',
    MIN_MS: String(RUN_MS),
    WECHAT_BASE: world.sim.url,
    AUTHORITY_URL: world.api.url,
    CREDENTIAL: SECOND,
    SCOPED_CREDENTIAL: SCOPED,
  });
  // A safety net only: the run takes RUN_MS plus tsx's start-up, far longer on a loaded box.
  const timer = setTimeout(() => void child.stop(), 200_000);
  const exit = await child.exited.finally(() => clearTimeout(timer));
  expect({ exit, output: exit.code === 0 ? '' : child.stderr.slice(-3000) }).toEqual({
    exit: { code: 0, signal: null },
    output: '',
  });
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as SecondSystemReport;
}

/** Forced syncs of both accounts by this deployment's worker while the second system runs. */
async function runWorkerSyncs(count: number): Promise<void> {
  const redis = createTestRedis();
  const queue = createSyncQueue(redis, world.prefix);
  const eventsConnection = createTestRedis();
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix: world.prefix });
  try {
    await events.waitUntilReady();
    let done = 0;
    const finished = new Promise<void>((resolve, reject) => {
      events.on('completed', () => {
        if (++done === count) resolve();
      });
      events.on('failed', ({ jobId, failedReason }) =>
        reject(new Error(`job ${jobId} failed: ${failedReason}`)),
      );
    });
    const inputs = Array.from({ length: count }, (_, i) => ({
      accountId: (i % 2 ? B : A).accountId,
      trigger: 'api' as const,
      force: true,
    }));
    // Spread over the run, so the worker needs tokens across several lifetimes.
    for (let i = 0; i < inputs.length; i += 4) {
      await enqueueSyncBulk(queue, inputs.slice(i, i + 4));
      await new Promise((resolve) => setTimeout(resolve, RUN_MS / (count / 4)));
    }
    await finished;
  } finally {
    await events.close();
    await (events.opts.connection as unknown as { quit(): Promise<unknown> })
      ?.quit?.()
      .catch(() => undefined);
    await queue.close();
    await redis.quit();
  }
}

describe('a second system on the token authority', () => {
  test('1 000 syncs: one token per app per lifetime, never a 40001, 403 outside its scope, all our calls via the proxy', async () => {
    const [report] = await Promise.all([runSecondSystem(), runWorkerSyncs(24)]);

    expect(report.syncs).toBe(1000);
    // Never a 40001; an expiry (42001) could only come from a box so loaded that a token
    // handed out with MARGIN_MS left was used after it, and the passive refresh resolves it.
    expect(report.errcodes['40001']).toBeUndefined();
    expect(report.unresolved).toEqual({});
    expect(report.scopedStatus).toBe(403);
    expect(report.scopedOwn).toBe(200);

    for (const app of [A, B]) {
      const stats = world.sim.state.requireApp(app.appId).stats.snapshot();
      const book = world.sim.state.requireApp(app.appId).tokens;
      // The run lasted several lifetimes, and every token call was a needed refresh.
      expect(stats.tokensIssued).toBeGreaterThanOrEqual(3);
      expect(stats.tokenCalls).toBe(stats.tokensIssued);
      // Every token the second system used was issued by WeChat to this deployment's cache:
      // one token at a time, each replaced only in its last MARGIN_MS (one per lifetime).
      const seen = report.tokensSeen[app.appId] ?? [];
      const issued = seen.map((token) => book.get(token)?.issuedAt ?? Number.NaN);
      expect(issued.every(Number.isFinite)).toBe(true);
      for (let i = 1; i < issued.length; i += 1) {
        expect((issued[i] as number) - (issued[i - 1] as number)).toBeGreaterThanOrEqual(
          TTL_SEC * 1000 - MARGIN_MS - 500,
        );
      }
      expect(seen.length).toBeGreaterThanOrEqual(stats.tokensIssued - 1);
    }

    // Every WeChat call of this deployment (worker, authority) is in the proxy's log: the
    // simulator saw exactly the proxy's calls plus the second system's own data calls.
    const simCalls: Record<string, number> = {};
    for (const app of [A, B]) {
      for (const [path, n] of Object.entries(
        world.sim.state.requireApp(app.appId).stats.snapshot().callsByEndpoint,
      )) {
        simCalls[path] = (simCalls[path] ?? 0) + n;
      }
    }
    const viaProxy: Record<string, number> = {};
    for (const call of proxy.calls()) viaProxy[call.path] = (viaProxy[call.path] ?? 0) + 1;
    const expected: Record<string, number> = { ...viaProxy };
    for (const [path, n] of Object.entries(report.callsByEndpoint))
      expected[path] = (expected[path] ?? 0) + n;
    expect(simCalls).toEqual(expected);
    expect(viaProxy['/cgi-bin/stable_token']).toBeGreaterThanOrEqual(6);
    expect(viaProxy['/cgi-bin/freepublish/batchget']).toBeGreaterThanOrEqual(24);
  }, 300_000);
});
