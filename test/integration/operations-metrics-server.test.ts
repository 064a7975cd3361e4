import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PromMetrics, startMetricsServer } from '../../src/metrics/index.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const account = {
  accountId: 'gh_busy_lock0001',
  appId: 'wx00000000000b0501',
  secret: 'secret-busy-lock-12345678',
};

let sim: SimulatorHandle;
let sys: TestSystem;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(account.appId, { secret: account.secret, seed: { articles: 1 } });
  sys = await startTestSystem({ name: 'ops-metrics', accounts: [account], sim });
});

afterAll(async () => {
  await sys.close();
  await sim.close();
});

describe('a worker process metrics port (METRICS_PORT)', () => {
  test('serves the registry at GET /metrics with Node defaults, 404 elsewhere, and closes twice safely', async () => {
    const metrics = new PromMetrics({ defaultMetrics: true });
    metrics.jobOutcome('completed', 1_500, true);
    const server = await startMetricsServer(metrics, { host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toMatch(/^wechat_sync_jobs_completed_total 1$/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
      await server.close();
    }
  });
});

describe('a busy account lock', () => {
  test('re-delays the job with an info outcome line, counts it, and logs nothing at error', async () => {
    const held = await sys.services.lock.acquire(account.accountId, 'someone-else');
    if (!held.acquired) throw new Error('could not take the lock for the test');
    try {
      const jobId = await sys.enqueue(account.accountId);
      const [event] = (await once(sys.events, 'delayed')) as [{ jobId: string }];
      expect(event.jobId).toBe(jobId);
      const busy = sys.log.entries().filter((e) => e.jobId === jobId && e.outcome === 'LOCK_BUSY');
      expect(busy).toHaveLength(1);
      expect(busy[0]).toMatchObject({
        level: 30,
        accountId: account.accountId,
        trigger: 'api',
        final: false,
      });
      expect(sys.log.entries().filter((e) => Number(e.level) >= 50)).toEqual([]);
      const text = (await sys.services.metrics.expose()).body;
      expect(text).toMatch(/^wechat_sync_lock_busy_redelays_total 1$/m);
      expect(text).not.toMatch(/^wechat_sync_jobs_failed_total/m);
    } finally {
      await held.lease.release();
    }
  });
});
