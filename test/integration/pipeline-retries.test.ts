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
const exhausted = {
  accountId: 'gh_exhaust00000001',
  appId: 'wx00000000000000e5',
  secret: 'secret-exhaust-1234567890',
};

let sim: SimulatorHandle;
let sys: TestSystem;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(account.appId, { secret: account.secret, seed: { articles: 25 } });
  await sim.control.putApp(quota.appId, { secret: quota.secret, seed: { articles: 3 } });
  await sim.control.putApp(exhausted.appId, { secret: exhausted.secret, seed: { articles: 3 } });
  // Retries fast, so the test waits for backoff in milliseconds, not seconds.
  sys = await startTestSystem({
    name: 'retries',
    accounts: [account, quota, exhausted],
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
    // Bull Board's Logs tab: each attempt's start, its outcome and the retry plan.
    const { logs } = await sys.queue.getJobLogs(String(job.id));
    expect(
      logs.filter((line) => / started on test-host \(pid \d+\); tokens via own AppSecret$/.test(line)),
    ).toHaveLength(4);
    expect(
      logs.filter((line) =>
        /^attempt [123] of 5 failed: TRANSIENT: .+; next attempt in [\d.]+ s \(\d{4}-/.test(line),
      ),
    ).toHaveLength(3);
    expect(logs.at(-1)).toBe('attempt 4 of 5 completed');
  });

  test('a job that fails for good on a retryable error is recorded as the last failure', async () => {
    await sim.control.addFault(exhausted.appId, {
      kind: 'busy',
      endpoint: '/cgi-bin/freepublish/batchget',
      times: 5,
    });
    const job = await sys.finished(await sys.enqueue(exhausted.accountId));
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(5);
    const status = await sys.services.status.get(exhausted.accountId);
    expect(status.lastFailureJobId).toBe(String(job.id));
    expect(status.lastFailure).toMatchObject({
      code: 'RETRIES_EXHAUSTED',
      accountId: exhausted.accountId,
      appId: exhausted.appId,
      errcode: -1,
      endpoint: '/cgi-bin/freepublish/batchget',
    });
    expect(status.lastFailure?.summary).toMatch(
      /^Sync of account gh_exhaust00000001 failed after 5 attempts; the last one: TRANSIENT: /,
    );
    const { logs } = await sys.queue.getJobLogs(String(job.id));
    expect(logs.at(-1)).toMatch(/^attempt 5 of 5 failed: TRANSIENT: .+; no attempts left$/);
    expect(logs.filter((line) => line.includes('next attempt in'))).toHaveLength(4);
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
