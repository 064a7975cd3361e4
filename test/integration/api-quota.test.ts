import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { quotaLine } from '../../src/cli/format-diagnosis.js';
import { runDiagnosis } from '../../src/diagnosis/index.js';
import { registerQuotaGauges } from '../../src/metrics/index.js';
import { ApiQuotas } from '../../src/quota/index.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

const ACCOUNT = 'quota-main';
const APP_ID = 'wx13d0000000000004';
const SECRET = 's3cret-quota';
// An app WeChat counts no quota for on any path (the simulator answers 76021 with quotas off).
const NO_QUOTA_ACCOUNT = 'quota-none';
const NO_QUOTA_APP_ID = 'wx13d0000000000005';

let system: TestSystem;
let quotas: ApiQuotas;

beforeAll(async () => {
  system = await startTestSystem({
    name: 'api-quota',
    accounts: [
      { accountId: ACCOUNT, appId: APP_ID, secret: SECRET, sync: ['articles', 'followers'] },
      { accountId: NO_QUOTA_ACCOUNT, appId: NO_QUOTA_APP_ID, secret: SECRET, sync: ['articles'] },
    ],
  });
  await system.sim.control.putApp(APP_ID, { secret: SECRET, seed: { articles: 5, followers: 30 } });
  await system.sim.control.putApp(NO_QUOTA_APP_ID, { secret: SECRET, quotas: false, seed: { articles: 5 } });
  quotas = new ApiQuotas(system.redis, system.services.keys);
});

afterAll(async () => {
  await system.close();
});

describe('WeChat API quotas (openapi/quota/get)', () => {
  test('a sync leaves each API it uses with its quota as WeChat counts it', async () => {
    const job = await system.finished(await system.enqueue(ACCOUNT));
    expect(await job.getState()).toBe('completed');
    const all = await quotas.all(ACCOUNT);
    // One batchget page for 5 articles: 99 of the 100 a day left.
    expect(all['/cgi-bin/freepublish/batchget']).toMatchObject({ dailyLimit: 100, used: 1, remain: 99 });
    // 30 followers: one user/get page, then the call that answers count 0 (WeChat's real
    // ending: the last page keeps next_openid), one user/info batch.
    expect(all['/cgi-bin/user/get']).toMatchObject({ dailyLimit: 500, used: 2, remain: 498 });
    expect(all['/cgi-bin/user/info/batchget']?.used).toBe(1);
  });

  test('a second sync within 10 minutes does not ask again', async () => {
    await system.sim.control.resetStats(APP_ID);
    const job = await system.finished(await system.enqueue(ACCOUNT, true));
    expect(await job.getState()).toBe('completed');
    const stats = await system.sim.control.stats(APP_ID);
    expect(stats.callsByEndpoint['/cgi-bin/openapi/quota/get'] ?? 0).toBe(0);
  });

  test('the metric gives what is left per account and API', async () => {
    const registry = new Registry();
    registerQuotaGauges(registry, { accounts: [{ accountId: ACCOUNT }], quotas });
    const text = await registry.metrics();
    expect(text).toContain(
      `wechat_sync_wechat_quota_remaining{account="${ACCOUNT}",api="/cgi-bin/freepublish/batchget"} 99`,
    );
    expect(text).toContain(
      `wechat_sync_wechat_quota_daily_limit{account="${ACCOUNT}",api="/cgi-bin/user/get"} 500`,
    );
  });

  test('diagnose shows them, the least left first', async () => {
    const { services, config } = system;
    const report = await runDiagnosis({
      accounts: config.accounts,
      redis: system.redis,
      queue: system.queue,
      tokens: services.tokens,
      lock: services.lock,
      blocks: services.blocks,
      status: services.status,
      quotas,
    });
    const section = report.accounts[0];
    expect(section?.quota?.['/cgi-bin/freepublish/batchget']?.remain).toBe(99);
    const line = quotaLine(section!, Date.now());
    expect(line).toMatch(
      /^quota-main quota \(checked .* ago\): \/cgi-bin\/freepublish\/batchget 99\/100 left/,
    );
  });

  test('a path WeChat has no quota for (76021) is remembered: the next sync does not ask again', async () => {
    const first = await system.finished(await system.enqueue(NO_QUOTA_ACCOUNT));
    expect(await first.getState()).toBe('completed');
    const asked = await system.sim.control.stats(NO_QUOTA_APP_ID);
    expect(asked.callsByEndpoint['/cgi-bin/openapi/quota/get']).toBe(1);
    await system.sim.control.resetStats(NO_QUOTA_APP_ID);

    const second = await system.finished(await system.enqueue(NO_QUOTA_ACCOUNT, true));
    expect(await second.getState()).toBe('completed');

    const stats = await system.sim.control.stats(NO_QUOTA_APP_ID);
    expect(stats.callsByEndpoint['/cgi-bin/freepublish/batchget']).toBe(1);
    expect(stats.callsByEndpoint['/cgi-bin/openapi/quota/get'] ?? 0).toBe(0);
    // Remembered as "no quota", which readers of quotas never see as one.
    const raw = await quotas.raw(NO_QUOTA_ACCOUNT);
    expect(JSON.parse(raw['/cgi-bin/freepublish/batchget'] ?? 'null')).toEqual({
      noQuota: 76021,
      checkedAt: expect.any(Number),
    });
    expect(await quotas.all(NO_QUOTA_ACCOUNT)).toEqual({});
  });
});
