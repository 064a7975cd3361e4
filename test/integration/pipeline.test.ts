import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const healthy = {
  accountId: 'gh_healthy0000001',
  appId: 'wx00000000000000a1',
  secret: 'secret-healthy-1234567890',
};
const blocked = {
  accountId: 'gh_whitelist00001',
  appId: 'wx00000000000000b2',
  secret: 'secret-blocked-1234567890',
};

let sim: SimulatorHandle;
let sys: TestSystem;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(healthy.appId, { secret: healthy.secret, seed: { articles: 45 } });
  await sim.control.putApp(blocked.appId, {
    secret: blocked.secret,
    whitelist: ['10.1.2.3'],
    egressIp: '1.92.157.200',
    seed: { articles: 5 },
  });
  sys = await startTestSystem({ name: 'pipeline', accounts: [healthy, blocked], sim });
});

afterAll(async () => {
  await sys.close();
  await sim.close();
});

describe('sync pipeline', () => {
  test('an enqueued sync completes and stores every article', async () => {
    const job = await sys.finished(await sys.enqueue(healthy.accountId));
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({
      accountId: healthy.accountId,
      kinds: { articles: { pages: 3, added: 45 } },
    });
    expect(await sys.services.store.countArticles(healthy.accountId)).toBe(45);
    // One info line ends the job and carries the sync's summary (no second line for it).
    const lines = sys.log.entries().filter((e) => e.jobId === job.id && Number(e.level) >= 30);
    expect(lines.map((e) => e.msg)).toEqual(['sync completed']);
    expect(lines[0]).toMatchObject({ outcome: 'completed', summary: job.returnvalue });
  });

  test('a whitelist rejection fails once, with the diagnostic, and blocks the account', async () => {
    const job = await sys.finished(await sys.enqueue(blocked.accountId));
    expect(await job.getState()).toBe('failed');
    expect(job.opts.attempts).toBe(5);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('1.92.157.200');
    expect(job.failedReason).toContain(blocked.accountId);

    const diagnostic = (job.progress as { diagnostic: Record<string, unknown> }).diagnostic;
    const errmsg = String(diagnostic.errmsg);
    const rid = /rid: ([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})$/.exec(errmsg)?.[1];
    expect(errmsg).toBe(`invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: ${rid}`);
    expect(diagnostic).toMatchObject({
      code: 'IP_NOT_WHITELISTED',
      errcode: 40164,
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
      rid,
      accountId: blocked.accountId,
      appId: blocked.appId,
      endpoint: '/cgi-bin/stable_token',
    });
    expect((diagnostic.remedy as string[]).join('\n')).toContain('1.92.157.200');
    expect((job.stacktrace ?? []).join('\n')).toContain('How to fix:');

    // One call to WeChat for the whole failure: no retry spent another.
    expect((await sim.control.stats(blocked.appId)).tokenCalls).toBe(1);
    // Nothing about the lock was logged above info: a whitelist fault is not a lock problem.
    const noisy = sys.log
      .entries()
      .filter((e) => Number(e.level) >= 40 && /\block\b|LockError/i.test(JSON.stringify(e)));
    expect(noisy).toEqual([]);
    const errors = sys.log.entries().filter((e) => Number(e.level) >= 50 && e.jobId === job.id);
    expect(errors).toHaveLength(1);
  });

  test('the next job of a blocked account fails fast without calling WeChat', async () => {
    await sim.control.resetStats(blocked.appId);
    const job = await sys.finished(await sys.enqueue(blocked.accountId));
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('1.92.157.200');
    const stats = await sim.control.stats(blocked.appId);
    expect(stats.tokenCalls + stats.dataCalls).toBe(0);
  });

  test('an unblocked account whose IP was whitelisted syncs again', async () => {
    await sim.control.patchApp(blocked.appId, { whitelist: ['1.92.157.200'] });
    expect(await sys.services.blocks.clear(blocked.accountId)).toBe(true);
    const job = await sys.finished(await sys.enqueue(blocked.accountId));
    expect(await job.getState()).toBe('completed');
    expect(await sys.services.store.countArticles(blocked.accountId)).toBe(5);
    expect((await sys.services.status.get(blocked.accountId)).lastSuccessJobId).toBe(job.id);
  });

  test('garbage job data fails that job alone, at once, with a clear reason', async () => {
    const job = await sys.queue.add('sync-account', { accountId: 'gh_x', trigger: 'nonsense' } as never);
    const done = await sys.finished(String(job.id));
    expect(await done.getState()).toBe('failed');
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toContain('trigger');
  });

  test('a job for an account not in the accounts file fails at once', async () => {
    const done = await sys.finished(await sys.enqueue('gh_not_configured'));
    expect(await done.getState()).toBe('failed');
    expect(done.failedReason).toContain('gh_not_configured');
    expect(done.attemptsMade).toBe(1);
  });
});
