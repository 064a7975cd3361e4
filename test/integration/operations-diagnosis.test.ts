import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildApi, operationsFrom } from '../../src/api/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import type { DiagnosisReport } from '../../src/diagnosis/index.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const healthy = {
  accountId: 'gh_diag_healthy01',
  appId: 'wx0000000000diag01',
  secret: 'secret-diag-healthy-123456',
};
const blocked = {
  accountId: 'gh_diag_blocked01',
  appId: 'wx0000000000diag02',
  secret: 'secret-diag-blocked-123456',
};
const API_TOKEN = 'operations-test-token-0123456789';
const auth = { authorization: `Bearer ${API_TOKEN}` };

let sim: SimulatorHandle;
let sys: TestSystem;
let app: FastifyInstance;

async function diagnose(query = ''): Promise<{ status: number; report: DiagnosisReport }> {
  const res = await app.inject({
    method: 'GET',
    url: `/official-api/wechat/diagnosis${query}`,
    headers: auth,
  });
  return { status: res.statusCode, report: res.json() as DiagnosisReport };
}

const sectionOf = (report: DiagnosisReport, accountId: string) => {
  const section = report.accounts.find((a) => a.accountId === accountId);
  if (!section) throw new Error(`no section for ${accountId}`);
  return section;
};

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(healthy.appId, { secret: healthy.secret, seed: { articles: 3 } });
  await sim.control.putApp(blocked.appId, {
    secret: blocked.secret,
    whitelist: ['10.1.2.3'],
    egressIp: '1.92.157.200',
    seed: { articles: 2 },
  });
  sys = await startTestSystem({ name: 'ops-diagnosis', accounts: [healthy, blocked], sim });
  app = await buildApi({
    config: { ...sys.config, apiToken: new Sensitive(API_TOKEN) },
    queue: sys.queue,
    redis: sys.redis,
    blocks: sys.services.blocks,
    status: sys.services.status,
    logger: sys.log.logger,
    operations: operationsFrom(sys.services),
  });
  await app.ready();
  await sys.finished(await sys.enqueue(healthy.accountId));
  await sys.finished(await sys.enqueue(blocked.accountId));
});

afterAll(async () => {
  await app.close();
  await sys.close();
  await sim.close();
});

describe('GET /official-api/wechat/diagnosis', () => {
  test('a whitelist fault makes the report 503 and names the IP, rid, block, last failure and remedy', async () => {
    const tokenCallsBefore = (await sim.control.stats(healthy.appId)).tokenCalls;
    const { status, report } = await diagnose();
    expect(status).toBe(503);
    expect(report.healthy).toBe(false);
    expect(report.redis).toMatchObject({ reachable: true, error: null });
    expect(report.redis.latencyMs).toBeGreaterThanOrEqual(0);

    const bad = sectionOf(report, blocked.accountId);
    expect(bad.mode).toEqual({ kind: 'own-secret' });
    expect(bad.healthy).toBe(false);
    expect(bad.token.ok).toBe(false);
    expect(bad.token.failure).toMatchObject({
      code: 'IP_NOT_WHITELISTED',
      ip: '1.92.157.200',
      errcode: 40164,
    });
    expect(bad.token.failure?.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(bad.egress).toMatchObject({
      ip: '1.92.157.200',
      ipAtLastSuccess: null,
      changedSinceLastSuccess: null,
    });
    expect(bad.block.blocked).toBe(true);
    expect(Date.parse(bad.block.until ?? '')).toBeGreaterThan(Date.now());
    expect(bad.lastFailure?.diagnostic?.code).toBe('IP_NOT_WHITELISTED');
    expect(bad.lastSuccess).toBeNull();
    expect(bad.jobs).toMatchObject({ failed: 1, completed: 0, active: 0 });
    expect(bad.remedy.join('\n')).toContain('Add the IP 1.92.157.200');

    const good = sectionOf(report, healthy.accountId);
    expect(good).toMatchObject({ healthy: true, token: { ok: true, source: 'cache' }, lock: null });
    expect(good.lastSuccess?.jobId).toMatch(/^gh_diag_healthy01-/);
    expect(good.jobs).toMatchObject({ completed: 1, failed: 0 });
    // A valid cached token is the proof: the check made no token call for that app.
    expect((await sim.control.stats(healthy.appId)).tokenCalls).toBe(tokenCallsBefore);
  });

  test('?accountId= checks one account; unknown 404, malformed 400, no bearer 401', async () => {
    const one = await diagnose(`?accountId=${healthy.accountId}`);
    expect(one.status).toBe(200);
    expect(one.report.accounts.map((a) => a.accountId)).toEqual([healthy.accountId]);
    expect((await diagnose('?accountId=gh_nobody')).status).toBe(404);
    expect((await diagnose('?accountId=a%3Ab')).status).toBe(400);
    const anonymous = await app.inject({ method: 'GET', url: '/official-api/wechat/diagnosis' });
    expect(anonymous.statusCode).toBe(401);
  });

  test('the report carries no secret and no token', async () => {
    const res = await app.inject({ method: 'GET', url: '/official-api/wechat/diagnosis', headers: auth });
    const cached = await sys.redis.get(sys.services.keys.token(healthy.appId));
    const token = (JSON.parse(cached ?? '{}') as { access_token?: string }).access_token;
    expect(token).toBeTruthy();
    for (const secret of [healthy.secret, blocked.secret, token as string])
      expect(res.body).not.toContain(secret);
  });

  test('once the whitelist is fixed, GET reports the token works but changes nothing (issue 17)', async () => {
    await sim.control.patchApp(blocked.appId, { whitelist: ['1.92.157.200'] });
    const { status, report } = await diagnose(`?accountId=${blocked.accountId}`);
    expect(status).toBe(200);
    const fixed = sectionOf(report, blocked.accountId);
    expect(fixed.token).toMatchObject({ ok: true });
    expect(fixed.block).toMatchObject({ blocked: true, clearedByThisCheck: false });
    expect(await sys.services.blocks.get(blocked.accountId)).not.toBeNull();
  });

  test('POST with a JSON body checks again, lifts the block and says so', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/official-api/wechat/diagnosis',
      headers: auth,
      payload: { accountId: blocked.accountId },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json() as DiagnosisReport;
    const fixed = sectionOf(report, blocked.accountId);
    expect(fixed.token).toMatchObject({ ok: true, source: 'cache' });
    expect(fixed.block).toEqual({ blocked: false, until: null, clearedByThisCheck: true });
    expect(await sys.services.blocks.get(blocked.accountId)).toBeNull();
    const lifted = sys.log
      .entries()
      .filter((e) => e.msg === 'whitelist block lifted by a successful diagnosis');
    expect(lifted).toHaveLength(1);
  });

  test('POST refuses a body that is not a JSON object of known fields', async () => {
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/official-api/wechat/diagnosis',
        headers: { ...auth, 'content-type': 'application/json' },
        payload,
      });
    expect((await post('{"accountId":"gh_nobody"}')).statusCode).toBe(404);
    expect((await post('{"account":"x"}')).json()).toMatchObject({
      error: { message: 'account: unknown field' },
    });
    expect((await post('[]')).statusCode).toBe(400);
  });

  test('a refusal naming another IP after a success reports that the egress IP changed', async () => {
    expect((await sys.finished(await sys.enqueue(blocked.accountId))).finishedOn).toBeTruthy();
    expect((await sys.services.status.get(blocked.accountId)).ipAtLastSuccess).toBe('1.92.157.200');
    await sim.control.patchApp(blocked.appId, { egressIp: '198.51.100.9' });
    await sys.redis.del(sys.services.keys.token(blocked.appId));
    const { status, report } = await diagnose(`?accountId=${blocked.accountId}`);
    expect(status).toBe(503);
    const moved = sectionOf(report, blocked.accountId);
    expect(moved.egress).toMatchObject({
      ip: '198.51.100.9',
      ipAtLastSuccess: '1.92.157.200',
      changedSinceLastSuccess: true,
    });
    expect(moved.remedy.at(-1)).toContain('egress IP changed');
  });
});

describe('GET /metrics', () => {
  test('exposes job, token, whitelist, WeChat call and queue metrics, and no secret', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    const value = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}"+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('wechat_sync_jobs_completed_total')).toBe(2);
    expect(value('wechat_sync_jobs_failed_total{reason="IP_NOT_WHITELISTED",final="true"}')).toBe(1);
    expect(
      value(`wechat_sync_whitelist_failures_total{account="${blocked.accountId}",ip="1.92.157.200"}`),
    ).toBe(1);
    expect(value('wechat_sync_token_fetches_total{outcome="error",errcode="40164"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(value('wechat_sync_token_fetches_total{outcome="ok",errcode="none"}')).toBeGreaterThanOrEqual(2);
    expect(value('wechat_sync_token_cache_lookups_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    expect(value('wechat_sync_token_cache_lookups_total{result="miss"}')).toBeGreaterThanOrEqual(2);
    expect(
      value('wechat_sync_wechat_calls_total{endpoint="/cgi-bin/stable_token",outcome="IP_NOT_WHITELISTED"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('wechat_sync_wechat_calls_total{endpoint="/cgi-bin/freepublish/batchget",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(value('wechat_sync_queue_jobs{state="completed"}')).toBe(2);
    expect(value('wechat_sync_queue_jobs{state="failed"}')).toBe(1);
    expect(value('wechat_sync_job_duration_seconds_count{outcome="completed"}')).toBe(2);
    expect(
      value(`wechat_sync_account_last_success_timestamp_seconds{account="${healthy.accountId}"}`),
    ).toBeGreaterThan(0);
    for (const secret of [healthy.secret, blocked.secret, API_TOKEN]) expect(text).not.toContain(secret);
  });
});

describe('job outcome logs', () => {
  test('one info outcome line per job run; the whitelist fault once at error with its diagnostic', async () => {
    const outcomes = sys.log.entries().filter((e) => e.outcome !== undefined && e.level === 30);
    const byJob = new Map<string, number>();
    for (const line of outcomes) byJob.set(String(line.jobId), (byJob.get(String(line.jobId)) ?? 0) + 1);
    expect([...byJob.values()].every((n) => n === 1)).toBe(true);
    expect(byJob.size).toBe(3);
    for (const line of outcomes) {
      expect(line).toEqual(
        expect.objectContaining({
          accountId: expect.any(String),
          trigger: 'api',
          durationMs: expect.any(Number),
        }),
      );
    }
    const errors = sys.log.entries().filter((e) => e.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ outcome: 'IP_NOT_WHITELISTED', diagnostic: { ip: '1.92.157.200' } });
  });
});
