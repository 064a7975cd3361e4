import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const account = {
  accountId: 'gh_retry000000001',
  appId: 'wx00000000000000c3',
  secret: 'secret-retry-1234567890',
};
const quota = {
  accountId: 'gh_quota000000001',
  appId: 'wx00000000000000d4',
  secret: 'secret-quota-1234567890',
};

let sim: SimulatorHandle;
let sys: TestSystem;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(account.appId, { secret: account.secret, seed: { articles: 25 } });
  await sim.control.putApp(quota.appId, { secret: quota.secret, seed: { articles: 3 } });
  // Retries fast, so the test waits for backoff in milliseconds, not seconds.
  sys = await startTestSystem({
    name: 'retries',
    accounts: [account, quota],
    sim,
    config: { retryBaseDelayMs: 20 },
  });
});

afterAll(async () => {
  await sys.close();
  await sim.close();
});

describe('retried failures', () => {
  test('transient WeChat faults are retried with backoff until the sync completes', async () => {
    await sim.control.addFault(account.appId, {
      kind: 'busy',
      endpoint: '/cgi-bin/freepublish/batchget',
      times: 1,
    });
    await sim.control.addFault(account.appId, {
      kind: 'http5xx',
      endpoint: '/cgi-bin/freepublish/batchget',
      times: 1,
    });
    await sim.control.addFault(account.appId, {
      kind: 'reset',
      endpoint: '/cgi-bin/freepublish/batchget',
      times: 1,
    });
    const job = await sys.finished(await sys.enqueue(account.accountId));
    expect(await job.getState()).toBe('completed');
    // Three failed attempts, then the one that completed.
    expect(job.attemptsMade).toBe(4);
    expect(job.stacktrace).toHaveLength(3);
    expect(await sys.services.store.countArticles(account.accountId)).toBe(25);
    const warned = sys.log
      .entries()
      .filter((e) => e.jobId === job.id && e.msg === 'sync attempt failed')
      .map((e) => (e.err as { type?: string }).type);
    expect(warned).toEqual(['TransientError', 'TransientError', 'TransientError']);
  });

  test('a quota error is not final: the job is delayed until the quota window', async () => {
    await sim.control.addFault(quota.appId, {
      kind: 'quota-minute',
      endpoint: '/cgi-bin/freepublish/batchget',
      times: 1,
    });
    const jobId = await sys.enqueue(quota.accountId);
    const job = await sys.queue.getJob(jobId);
    // The attempt fails with a QuotaError and BullMQ parks the job until the next minute.
    await new Promise<void>((resolve) => {
      const onDelayed = ({ jobId: id }: { jobId: string }) => {
        if (id === jobId) resolve();
      };
      sys.events.on('delayed', onDelayed as never);
    });
    const delayed = await sys.queue.getJob(jobId);
    expect(await delayed?.getState()).toBe('delayed');
    expect(delayed?.failedReason).toContain('quota');
    const nextMinute = Math.ceil((job?.timestamp ?? 0) / 60_000) * 60_000;
    expect((delayed?.delay ?? 0) + (delayed?.timestamp ?? 0)).toBeGreaterThanOrEqual(nextMinute - 1000);
    await delayed?.remove();
  });
});
