import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type ApiHarness, createApiHarness } from '../helpers/api-harness.js';

const SYNC = '/official-api/wechat/sync';
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness('api-sync');
});

afterAll(async () => {
  await h.close();
});

function postSync(payload: object) {
  return h.app.inject({ method: 'POST', url: SYNC, payload });
}

describe('POST /official-api/wechat/sync', () => {
  test('enqueues one job with trigger api and answers 202 with its id', async () => {
    const res = await postSync({ accountId: 'acc-main' });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ jobId: string; deduplicated: boolean }>();
    expect(body).toEqual({ jobId: expect.stringMatching(/^acc-main-/), deduplicated: false });
    const job = await h.queue.getJob(body.jobId);
    expect(job?.data).toEqual({ accountId: 'acc-main', force: false, trigger: 'api' });
    expect(await job?.getState()).toBe('waiting');
  });

  test('100 concurrent requests for one account while one waits make one job', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => postSync({ accountId: 'acc-news' })));
    expect(answers.every((res) => res.statusCode === 202)).toBe(true);
    const bodies = answers.map((res) => res.json<{ jobId: string; deduplicated: boolean }>());
    expect(new Set(bodies.map((b) => b.jobId)).size).toBe(1);
    expect(bodies.filter((b) => !b.deduplicated)).toHaveLength(1);
    const waiting = await h.queue.getWaiting();
    expect(waiting.filter((job) => job.data.accountId === 'acc-news')).toHaveLength(1);
  });

  test('force makes a new job even while one waits', async () => {
    const first = (await postSync({ accountId: 'acc-main' })).json<{ jobId: string }>();
    const forced = await postSync({ accountId: 'acc-main', force: true });
    expect(forced.statusCode).toBe(202);
    const body = forced.json<{ jobId: string; deduplicated: boolean }>();
    expect(body.deduplicated).toBe(false);
    expect(body.jobId).not.toBe(first.jobId);
    expect((await h.queue.getJob(body.jobId))?.data).toEqual({
      accountId: 'acc-main',
      force: true,
      trigger: 'api',
    });
  });

  test('an explicit force: false deduplicates like no force', async () => {
    const a = (await postSync({ accountId: 'acc-news' })).json<{ jobId: string }>();
    const b = (await postSync({ accountId: 'acc-news', force: false })).json<{
      jobId: string;
      deduplicated: boolean;
    }>();
    expect(b).toEqual({ jobId: a.jobId, deduplicated: true });
  });

  test('an unknown account is 404 UNKNOWN_ACCOUNT and adds no job', async () => {
    const before = await h.queue.getJobCounts('waiting');
    const res = await postSync({ accountId: 'acc-nobody' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'UNKNOWN_ACCOUNT', message: 'accountId: unknown account acc-nobody' },
    });
    expect(await h.queue.getJobCounts('waiting')).toEqual(before);
  });
});

describe('DELETE /official-api/wechat/accounts/:accountId/block', () => {
  const diagnostic = {
    code: 'IP_NOT_WHITELISTED' as const,
    summary: 'WeChat refused account acc-main because IP 203.0.113.9 is not in its API IP whitelist.',
    accountId: 'acc-main',
    appId: 'wx0123456789abcdef',
    errcode: 40164,
    errmsg: 'invalid ip 203.0.113.9, not in whitelist rid: 1-2-3',
    ip: '203.0.113.9',
    ipv6: null,
    rid: '1-2-3',
    endpoint: '/cgi-bin/stable_token',
    field: null,
    at: new Date().toISOString(),
    remedy: ['Add the IP.'],
    blockedUntil: null,
  };

  test('clears a block set with AccountBlocks and says it was blocked', async () => {
    await h.blocks.block('acc-main', diagnostic, 60_000);
    expect(await h.blocks.get('acc-main')).not.toBeNull();
    const res = await h.app.inject({ method: 'DELETE', url: '/official-api/wechat/accounts/acc-main/block' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accountId: 'acc-main', wasBlocked: true });
    expect(await h.blocks.get('acc-main')).toBeNull();
  });

  test('on an account that is not blocked answers wasBlocked: false', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: '/official-api/wechat/accounts/acc-news/block' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accountId: 'acc-news', wasBlocked: false });
  });

  test('an unknown account is 404 and leaves other accounts blocked', async () => {
    await h.blocks.block('acc-news', { ...diagnostic, accountId: 'acc-news' }, 60_000);
    const res = await h.app.inject({
      method: 'DELETE',
      url: '/official-api/wechat/accounts/acc-nobody/block',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('UNKNOWN_ACCOUNT');
    expect(await h.blocks.get('acc-news')).not.toBeNull();
  });
});
