import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MAX_ECHOED } from '../../src/log/index.js';
import { MAX_JOB_DATA_BYTES, SYNC_JOB, type SyncJobData } from '../../src/queue/index.js';
import { scanKeys } from '../../src/redis/scan-keys.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

/*
 * Regressions of issue 17 items 2, 4 and 6: garbage added to the queue by hand (not through
 * enqueueSync) fails at once with a bounded reason, and writes no account status.
 */
const ACCOUNT = {
  accountId: 'acc-garbage-1',
  appId: 'wx00000000000000a1',
  secret: 'secret-garbage-0123456789',
};

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ name: 'garbage-jobs', accounts: [ACCOUNT] });
  await sys.sim.control.putApp(ACCOUNT.appId, { secret: ACCOUNT.secret });
});

afterAll(async () => {
  await sys.close();
});

async function addGarbage(data: unknown) {
  const job = await sys.queue.add(SYNC_JOB, data as SyncJobData);
  return sys.finished(String(job.id));
}

/** Every account-state key under this system's prefix. */
async function stateKeys(): Promise<string[]> {
  const found: string[] = [];
  const pattern = sys.services.keys.accountState('*');
  for await (const keys of scanKeys(sys.redis, pattern)) found.push(...keys);
  return found;
}

describe('garbage job data (issue 17)', () => {
  test('a 100 KB unknown key fails at once with a reason of a few hundred characters', async () => {
    const key = `k${'x'.repeat(100_000)}`;
    const job = await addGarbage({ accountId: ACCOUNT.accountId, trigger: 'api', [key]: 1 });
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason.length).toBeLessThan(MAX_ECHOED + 400);
    expect(job.failedReason).toMatch(/\(data\): 1000\d\d bytes, over the limit/);
    const logged = sys.log.lines.filter((line) => line.includes(String(job.id)));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line.length).toBeLessThan(8_000);
  });

  test('an unknown key under the size limit is echoed cut to MAX_ECHOED, control characters replaced', async () => {
    const key = `k\n\u001b[31m${'x'.repeat(800)}`;
    const job = await addGarbage({ accountId: ACCOUNT.accountId, trigger: 'api', [key]: 1 });
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason.length).toBeLessThan(MAX_ECHOED + 400);
    expect(job.failedReason).toMatch(/data is invalid \(k\?\?\[31mx+…: unknown field\)/);
    expect(job.failedReason).not.toMatch(/\p{Cc}/u);
    const progress = job.progress as { diagnostic: { code: string; summary: string } };
    expect(progress.diagnostic.code).toBe('INVALID_JOB_DATA');
    expect(progress.diagnostic.summary.length).toBeLessThan(MAX_ECHOED + 400);
    // The worker's log lines are bounded too.
    const logged = sys.log.lines.filter((line) => line.includes(String(job.id)));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line.length).toBeLessThan(8_000);
  });

  test('many unknown keys are listed up to five, then counted', async () => {
    const data: Record<string, unknown> = { accountId: ACCOUNT.accountId, trigger: 'api' };
    for (let i = 0; i < 50; i += 1) data[`extra${i}`] = i;
    const job = await addGarbage(data);
    expect(job.failedReason).toContain('extra4: unknown field; and 45 more');
  });

  test(`data over ${MAX_JOB_DATA_BYTES} bytes fails at once, before validation`, async () => {
    const job = await addGarbage({
      accountId: ACCOUNT.accountId,
      trigger: 'api',
      force: false,
      pad: 'p'.repeat(5000),
    });
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/\(data\): \d+ bytes, over the limit of 1024/);
  });

  test("invalid data naming a real account does not touch that account's status", async () => {
    const before = await sys.services.status.get(ACCOUNT.accountId);
    const job = await addGarbage({ accountId: ACCOUNT.accountId, trigger: 'api', lastFailure: 'pwned' });
    expect(await job.getState()).toBe('failed');
    expect(await sys.services.status.get(ACCOUNT.accountId)).toEqual(before);
  });

  test('a malformed or unconfigured accountId writes no status key', async () => {
    const evil = `x}:evil}${'e'.repeat(100_000)}`;
    const jobs = await Promise.all([
      addGarbage({ accountId: evil, trigger: 'api' }),
      addGarbage({ accountId: 'gh_not_configured', trigger: 'api' }),
    ]);
    expect(jobs.map((j) => (j.progress as { diagnostic: { code: string } }).diagnostic.code)).toEqual([
      'INVALID_JOB_DATA',
      'UNKNOWN_ACCOUNT',
    ]);
    // The malformed id is not echoed at all; the well-formed unknown one is named.
    expect(jobs[0]!.failedReason).not.toContain('evil');
    expect(jobs[1]!.failedReason).toContain('gh_not_configured');
    expect(await stateKeys()).toEqual([]);
  });

  test('a good job still runs after the garbage', async () => {
    const jobId = await sys.enqueue(ACCOUNT.accountId);
    const job = await sys.finished(jobId);
    expect(await job.getState()).toBe('completed');
    expect(await stateKeys()).toEqual([sys.services.keys.accountState(ACCOUNT.accountId)]);
  });
});
