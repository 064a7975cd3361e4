import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildApi, operationsFrom } from '../../src/api/index.js';
import { runCli } from '../../src/cli/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import type { PlatformStatus, RecoveryReport } from '../../src/platform/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import {
  COMPONENT_APP_ID,
  PLATFORM_ID,
  type PlatformWorld,
  startPlatformWorld,
} from '../helpers/platform-world.js';
import { deleteKeysWithPrefix } from '../helpers/redis.js';

const API_TOKEN = 'api-token-for-platform-tests-0001';
const COUNT = 8;
let world: PlatformWorld;
let api: FastifyInstance;

beforeAll(async () => {
  world = await startPlatformWorld({ name: 'recovery', count: COUNT, articles: 2 });
  // Account 8 is configured but never authorised.
  await world.authorize(world.accounts.slice(0, COUNT - 1));
  await world.pushTicket();
  api = await buildApi({
    config: { ...world.config, apiToken: new Sensitive(API_TOKEN) },
    queue: world.queue,
    redis: world.redis,
    blocks: world.services.blocks,
    status: world.services.status,
    logger: world.log.logger,
    operations: operationsFrom(world.services),
  });
  await api.ready();
}, 60_000);

afterAll(async () => {
  await api?.close();
  await world.close();
});

const auth = { authorization: `Bearer ${API_TOKEN}` };

async function syncAll(): Promise<string[]> {
  const states: string[] = [];
  for (const a of world.accounts.slice(0, COUNT - 1)) {
    states.push(await (await world.finished(await world.enqueue(a.accountId, true))).getState());
  }
  return states;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  return runCli(['node', 'wechat-sync', ...args], {
    loadConfig: () => world.config,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  }).then((code) => ({ code, stdout, stderr }));
}

describe('status', () => {
  test('GET /official-api/wechat/platforms/:id: ticket, component token, counts, accounts not authorised; never a secret', async () => {
    expect((await syncAll()).every((s) => s === 'completed')).toBe(true);
    const res = await api.inject({
      method: 'GET',
      url: `/official-api/wechat/platforms/${PLATFORM_ID}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const status = res.json<PlatformStatus>();
    expect(status).toMatchObject({
      platformId: PLATFORM_ID,
      name: 'Agency platform',
      componentAppId: COMPONENT_APP_ID,
      store: 'redis',
      ticket: { present: true, valid: true },
      componentToken: { cached: true },
      authorizations: { authorized: COUNT - 1, revoked: 0 },
      accountsConfigured: COUNT,
      accountsNotAuthorized: [`client_${COUNT}`],
      accountsRevoked: [],
    });
    expect(status.ticket.ageSeconds).toBeLessThan(120);
    expect(Date.parse(status.componentToken.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const secrets = (await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).map(
      (a) => a.refreshToken,
    );
    const ticket = (await world.services.platformStores.tickets.get(PLATFORM_ID))?.ticket.reveal() ?? 'none';
    for (const secret of [...secrets, ticket]) expect(res.body).not.toContain(secret);

    const all = await api.inject({ method: 'GET', url: '/official-api/wechat/platforms', headers: auth });
    expect(all.json<{ platforms: PlatformStatus[] }>().platforms.map((p) => p.platformId)).toEqual([
      PLATFORM_ID,
    ]);
  });

  test('the same bearer token as the other official-api routes; an unknown platform is 404', async () => {
    expect((await api.inject({ method: 'GET', url: '/official-api/wechat/platforms' })).statusCode).toBe(401);
    const recover = await api.inject({
      method: 'POST',
      url: `/official-api/wechat/platforms/${PLATFORM_ID}/recover`,
    });
    expect(recover.statusCode).toBe(401);
    const unknown = await api.inject({
      method: 'GET',
      url: '/official-api/wechat/platforms/nope',
      headers: auth,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      error: { code: 'UNKNOWN_PLATFORM', message: 'platformId: unknown platform nope' },
    });
    const bad = await api.inject({ method: 'GET', url: '/official-api/wechat/platforms/a:b', headers: auth });
    expect(bad.statusCode).toBe(400);
  });

  test('CLI platform status: English and Chinese lines, exit 0; an unknown platform exits 2', async () => {
    const en = await cli(['platform', 'status'], { LANG: 'en_US.UTF-8' });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain(
      `platform ${PLATFORM_ID} (Agency platform): component AppID ${COMPONENT_APP_ID}`,
    );
    expect(en.stdout).toContain(`authorisations: ${COUNT - 1} authorised, 0 revoked`);
    expect(en.stdout).toContain(`not authorised: client_${COUNT}`);
    const zh = await cli(['platform', 'status', PLATFORM_ID], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`授权：${COUNT - 1} 个有效，0 个已取消`);
    const json = await cli(['platform', 'status', PLATFORM_ID, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ platformId: PLATFORM_ID, accountsConfigured: COUNT });
    const unknown = await cli(['platform', 'status', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`unknown platform nope; configured: ${PLATFORM_ID}`);
  });
});

describe('recovery', () => {
  test("after the prefix's Redis keys are deleted, recover restores syncing without any re-authorisation", async () => {
    const before = await world.sim.control.platform.authorizers(COMPONENT_APP_ID);
    // A Redis flush, limited to this test's keys: authorisations, ticket and tokens are gone.
    await deleteKeysWithPrefix(world.redis, world.prefix);
    await world.pushTicket();
    const [first] = world.accounts;
    if (!first) throw new Error('no account');
    const lost = await world.finished(await world.enqueue(first.accountId, true));
    expect((lost.progress as { diagnostic: { code: string } }).diagnostic.code).toBe('NOT_AUTHORIZED');

    const res = await api.inject({
      method: 'POST',
      url: `/official-api/wechat/platforms/${PLATFORM_ID}/recover`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<RecoveryReport>()).toEqual({
      platformId: PLATFORM_ID,
      listed: COUNT - 1,
      restored: COUNT - 1,
      updated: 0,
      unchanged: 0,
      keptRevoked: [],
      infoFailed: [],
      notListed: [`client_${COUNT}`],
    });
    const record = await world.services.platformStores.authorizations.get(PLATFORM_ID, first.appId);
    expect(record?.funcIds).toEqual(before.find((a) => a.authorizerAppId === first.appId)?.funcIds);

    expect((await syncAll()).every((s) => s === 'completed')).toBe(true);
    // No administrator approved anything again: the same authorisations, the same refresh tokens.
    expect(await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).toEqual(before);
    const stats = await world.sim.control.platform.stats(COMPONENT_APP_ID);
    expect(stats.callsByEndpoint['/cgi-bin/component/api_query_auth'] ?? 0).toBe(0);
  });

  test('a second recovery changes nothing; an authorisation revoked after the listed auth_time stays revoked', async () => {
    const a = world.accounts[1];
    if (!a) throw new Error('no account');
    // The unauthorized push arrived; WeChat's list still shows the account (it lags).
    await world.services.platformStores.authorizations.markRevoked(PLATFORM_ID, a.appId, Date.now());
    const run = await cli(['platform', 'recover', PLATFORM_ID, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      restored: 0,
      updated: 0,
      unchanged: COUNT - 2,
      keptRevoked: [a.appId],
    });
    expect((await world.services.platformStores.authorizations.get(PLATFORM_ID, a.appId))?.state).toBe(
      'revoked',
    );
  });

  test('an authorisation revoked BEFORE the listed auth_time (re-authorised since) is restored', async () => {
    const a = world.accounts[2];
    if (!a) throw new Error('no account');
    const record = await world.services.platformStores.authorizations.get(PLATFORM_ID, a.appId);
    if (!record) throw new Error('no record');
    await world.services.platformStores.authorizations.put(PLATFORM_ID, {
      ...record,
      state: 'revoked',
      revokedAt: record.authorizedAt - 60_000,
    });
    const run = await cli(['platform', 'recover', PLATFORM_ID], { LANG: 'zh_CN.UTF-8' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('更新 1 个');
    expect((await world.services.platformStores.authorizations.get(PLATFORM_ID, a.appId))?.state).toBe(
      'authorized',
    );
  });

  test('more than 500 authorisers: the list is read in pages of 500 and every one restored', async () => {
    // 501 more accounts authorise the platform (apps of the organisation not in this file).
    const extra = Array.from({ length: 501 }, (_, i) => `wx5e14e${i.toString(16).padStart(11, '0')}`);
    for (let i = 0; i < extra.length; i += 50)
      await Promise.all(
        extra.slice(i, i + 50).map(async (appId) => {
          await world.sim.control.putApp(appId, { secret: `own-secret-${appId}` });
          await world.sim.control.platform.authorize(COMPONENT_APP_ID, {
            authorizerAppId: appId,
            push: false,
          });
        }),
      );
    const listed = (await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).filter(
      (a) => a.state === 'authorized',
    );
    expect(listed.length).toBeGreaterThan(500 + 1);
    await deleteKeysWithPrefix(world.redis, world.prefix);
    await world.pushTicket();
    await world.sim.control.platform.resetStats(COMPONENT_APP_ID);

    const res = await api.inject({
      method: 'POST',
      url: `/official-api/wechat/platforms/${PLATFORM_ID}/recover`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<RecoveryReport>()).toMatchObject({ listed: listed.length, restored: listed.length });
    const stats = await world.sim.control.platform.stats(COMPONENT_APP_ID);
    expect(stats.callsByEndpoint['/cgi-bin/component/api_get_authorizer_list']).toBe(2);
    const stored = await world.services.platformStores.authorizations.list(PLATFORM_ID);
    expect(stored.map((r) => r.authorizerAppId).sort()).toEqual(listed.map((a) => a.authorizerAppId).sort());
  }, 60_000);

  test('WeChat refusing the recovery: CLI exit 1 with the reason, API 502 WECHAT_REFUSED', async () => {
    const keys = new RedisKeys(world.prefix);
    await world.sim.control.platform.patch(COMPONENT_APP_ID, {
      whitelist: ['203.0.113.9'],
      egressIp: '198.51.100.7',
    });
    try {
      await world.redis.del(keys.token(COMPONENT_APP_ID));
      const run = await cli(['platform', 'recover', PLATFORM_ID]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`platform ${PLATFORM_ID}: recovery failed:`);
      expect(run.stderr).toContain('IP 198.51.100.7 is not in the API IP whitelist');
      expect(run.stderr).toContain(
        'Third-party Platform → Agency platform → Development info → Whitelisted IPs',
      );
      const res = await api.inject({
        method: 'POST',
        url: `/official-api/wechat/platforms/${PLATFORM_ID}/recover`,
        headers: auth,
      });
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ error: { code: 'WECHAT_REFUSED' } });
      expect(res.json<{ error: { message: string } }>().error.message).toContain(
        'Third-party Platform → Agency platform → Development info → Whitelisted IPs',
      );
    } finally {
      await world.sim.control.platform.patch(COMPONENT_APP_ID, { whitelist: null });
    }
  });
});
