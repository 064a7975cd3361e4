import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { operationsFrom } from '../../src/api/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { AppConfig } from '../../src/config/index.js';
import { exchangeAuthCode } from '../../src/platform/exchange-auth-code.js';
import { completeAuthorization } from '../../src/platform/landing/complete-authorization.js';
import { platformApiOf } from '../../src/platform/platform-api.js';
import { LANDING_MAX_PER_MINUTE } from '../../src/platform/routes/landing-routes.js';
import {
  COMPONENT_APP_ID,
  PLATFORM_AES_KEY,
  PLATFORM_ID,
  PLATFORM_TOKEN,
  type PlatformWorld,
  platformAccounts,
  startPlatformWorld,
} from '../helpers/platform-flow-world.js';
import { PushSender } from '../simulator/index.js';

/**
 * Platform mode's authorisation flow over real HTTP: the simulator pushes the ticket and
 * the authorisation events, encrypted, to the API's event URL; an operator asks for a
 * link, the administrator opens it and approves (the simulator's page), WeChat pushes
 * `authorized` and redirects the browser to the landing page; the code is exchanged once
 * and the account syncs.
 */

const [first, second, third] = platformAccounts(3);
if (!first || !second || !third) throw new Error('three accounts');
const QUERY_AUTH = '/cgi-bin/component/api_query_auth';

let world: PlatformWorld;

beforeAll(async () => {
  world = await startPlatformWorld({ name: 'auth-flow', accounts: [first, second, third] });
});

afterAll(async () => {
  await world?.close();
});

const eventsUrl = (platformId = PLATFORM_ID) => `${world.api.url}/wechat/platform/${platformId}/events`;
const stores = () => world.services.platformStores;
const stats = () => world.sim.platform.stats(COMPONENT_APP_ID);

function sender(opts: { token?: string; url?: string } = {}): PushSender {
  return new PushSender({
    url: opts.url ?? eventsUrl(),
    token: opts.token ?? PLATFORM_TOKEN,
    appId: COMPONENT_APP_ID,
    mode: 'safe',
    encodingAESKey: PLATFORM_AES_KEY,
    envelope: 'platform',
    tries: 1,
  });
}

async function createLinks(body: Record<string, unknown>) {
  const res = await fetch(
    `${world.api.url}/official-api/wechat/platforms/${PLATFORM_ID}/authorization-links`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getText(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Link → the administrator opens the PC page → approves; the push goes out unless `push: false`. */
async function authorise(accountId: string, appId: string, push = true) {
  const links = await createLinks({ accountId });
  expect(links.status).toBe(201);
  const preAuthCode = new URL(links.body.pc as string).searchParams.get('pre_auth_code') as string;
  const page = await getText(links.body.pc as string);
  expect(page.text).toContain('data-outcome="ok"');
  const approval = await world.sim.platform.approve(COMPONENT_APP_ID, {
    preAuthCode,
    authorizerAppId: appId,
    push,
  });
  return { links, approval };
}

describe('the authorisation-event URL', () => {
  test('a pushed ticket is stored, answered `success`', async () => {
    const pushed = await world.sim.platform.pushTicket(COMPONENT_APP_ID);
    expect(pushed.push).toMatchObject({ status: 200, body: 'success', tries: 1 });
    const stored = await stores().tickets.get(PLATFORM_ID);
    expect(stored?.ticket.reveal()).toBe(pushed.ticket);
    expect(stored?.createdAt).toBe(pushed.createTime * 1000);
  });

  test('a push signed with another token is refused with 401 and no detail; the ticket stays', async () => {
    const before = await stores().tickets.get(PLATFORM_ID);
    const xml = `<xml><AppId>${COMPONENT_APP_ID}</AppId><CreateTime>${Math.floor(Date.now() / 1000) + 60}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>forged</ComponentVerifyTicket></xml>`;
    const refused = await sender({ token: 'notThePlatformToken' }).send(xml);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'UNAUTHORIZED', message: 'bad signature' } });
    expect((await stores().tickets.get(PLATFORM_ID))?.ticket.reveal()).toBe(before?.ticket.reveal());
  });

  test('an unknown platform is 404; a body over 64 KB is 413', async () => {
    const xml = `<xml><InfoType>component_verify_ticket</InfoType></xml>`;
    expect((await sender({ url: eventsUrl('nobody') }).send(xml)).status).toBe(404);
    const big = await fetch(`${eventsUrl()}?msg_signature=${'a'.repeat(40)}&timestamp=1&nonce=n`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: `<xml>${'x'.repeat(70 * 1024)}</xml>`,
      signal: AbortSignal.timeout(5_000),
    });
    expect(big.status).toBe(413);
  });

  test('served to a public Host (no local-request guard: the signature is the proof)', async () => {
    // The simulator's own ticket, delivered again by hand with a later CreateTime.
    const { ticket } = await world.sim.platform.pushTicket(COMPONENT_APP_ID);
    const later = Math.floor(Date.now() / 1000) + 120;
    const { url, body } = sender().build(
      `<xml><AppId>${COMPONENT_APP_ID}</AppId><CreateTime>${later}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>${ticket}</ComponentVerifyTicket></xml>`,
    );
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', host: 'sync.example.com', origin: 'https://evil.example' },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(200);
    expect((await stores().tickets.get(PLATFORM_ID))?.createdAt).toBe(later * 1000);
  });
});

describe('authorising an account', () => {
  test('link pinned to the account, approval pushed and redirected: one exchange, stored, seeded, synced', async () => {
    const before = (await stats()).callsByEndpoint[QUERY_AUTH] ?? 0;
    const { links, approval } = await authorise(first.accountId, first.appId);
    expect(links.body).toMatchObject({
      platformId: PLATFORM_ID,
      componentAppId: COMPONENT_APP_ID,
      accountId: first.accountId,
      bizAppId: first.appId,
      authType: 1,
      redirectUri: `${world.config.publicUrl}/wechat/platform/${PLATFORM_ID}/authorized`,
    });
    const mobile = new URL(links.body.mobile as string);
    expect(mobile.pathname).toBe('/wxaopen/safe/bindcomponent');
    expect(mobile.hash).toBe('#wechat_redirect');
    expect(approval.push).toMatchObject({ status: 200, body: 'success' });

    // The browser arrives after the push exchanged the code: the same code, no second exchange.
    const landing = await getText(approval.redirectUrl, { 'accept-language': 'en' });
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('data-outcome="ok"');
    expect(landing.text).toContain(`account ${first.appId} has authorised ws14f Agency`);
    expect(landing.text).toContain('授权给 ws14f Agency');
    expect(landing.text).not.toContain(approval.authCode);
    expect(landing.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await stats()).callsByEndpoint[QUERY_AUTH]).toBe(before + 1);
    // The code is in the landing URL and the push: no log line quotes it.
    expect(world.log.entries().some((e) => e.msg === 'authorisation landing')).toBe(true);
    expect(JSON.stringify(world.log.entries())).not.toContain(approval.authCode);

    const record = await stores().authorizations.get(PLATFORM_ID, first.appId);
    expect(record).toMatchObject({ state: 'authorized', funcIds: expect.any(Array) });
    const job = await world.finished(await world.enqueue(first.accountId));
    expect(job.failedReason).toBeUndefined();
    expect(await job.getState()).toBe('completed');
    // The grant's token served the sync: no api_authorizer_token call.
    expect((await stats()).authorizerTokensIssued[first.appId]).toBe(1);
    const { logs } = await world.queue.getJobLogs(String(job.id));
    expect(logs[0]).toMatch(/tokens via platform agency$/);
  });

  test('without the push, the landing page exchanges the code; a second visit exchanges nothing', async () => {
    const before = (await stats()).callsByEndpoint[QUERY_AUTH] ?? 0;
    const { approval } = await authorise(second.accountId, second.appId, false);
    const landing = await getText(approval.redirectUrl, { 'accept-language': 'zh-CN' });
    expect(landing.status).toBe(200);
    expect(landing.text).toContain(`完成：公众号 ${second.appId} 已授权给 ws14f Agency`);
    expect(landing.text).toContain(`wechat-sync 中的账号：${second.accountId}`);
    expect(landing.text.indexOf('lang="zh-CN"')).toBeLessThan(landing.text.indexOf('<section lang="en">'));
    const again = await getText(approval.redirectUrl);
    expect(again.status).toBe(200);
    expect((await stats()).callsByEndpoint[QUERY_AUTH]).toBe(before + 1);
    expect((await stores().authorizations.get(PLATFORM_ID, second.appId))?.state).toBe('authorized');
  });

  test('the push and the redirect racing with one code: one api_query_auth, both end with the account', async () => {
    const platformDeps = operationsFrom(world.services).platform;
    if (!platformDeps) throw new Error('operations without the platform');
    const api = platformApiOf(platformDeps, {
      redis: world.services.redis,
      keys: world.services.keys,
      links: world.config,
    });
    const platform = api.platforms.get(PLATFORM_ID);
    if (!platform) throw new Error('no platform');
    const before = (await stats()).callsByEndpoint[QUERY_AUTH] ?? 0;
    const { approval } = await authorise(third.accountId, third.appId, false);
    const [pushed, landed] = await Promise.all([
      exchangeAuthCode(api.events, platform, approval.authCode),
      completeAuthorization(api, platform, approval.authCode, 'req-race'),
    ]);
    expect((await stats()).callsByEndpoint[QUERY_AUTH]).toBe(before + 1);
    expect(landed).toMatchObject({ outcome: 'ok', appId: third.appId });
    if (pushed.status === 'in-progress') expect(landed.lines[0]?.key).toBe('landing.ok');
    else expect(pushed).toMatchObject({ authorizerAppId: third.appId });
  });

  test('a code WeChat does not know gets the invalid-code page (400), no record', async () => {
    const landing = await getText(
      `${world.api.url}/wechat/platform/${PLATFORM_ID}/authorized?auth_code=queryauthcode@@@forged&expires_in=600`,
      { 'accept-language': 'en' },
    );
    expect(landing.status).toBe(400);
    expect(landing.text).toContain('invalid or has expired');
    const missing = await getText(`${world.api.url}/wechat/platform/${PLATFORM_ID}/authorized`);
    expect(missing.status).toBe(400);
    expect((await getText(`${world.api.url}/wechat/platform/nobody/authorized?auth_code=x`)).status).toBe(
      404,
    );
  });

  test('link requests: unknown platform or account 404, an account of no platform or a bad authType 400', async () => {
    expect((await createLinks({ accountId: 'nobody' })).status).toBe(404);
    const badType = await createLinks({ accountId: third.accountId, authType: 7 });
    expect(badType.status).toBe(400);
    expect(String((badType.body.error as { message: string }).message)).toMatch(/^authType: /);
    const unknown = await fetch(`${world.api.url}/official-api/wechat/platforms/nobody/authorization-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(unknown.status).toBe(404);
  });
});

describe('CLI platform link, and the mode where operators look', () => {
  async function cli(args: string[], config: AppConfig = world.config, lang = 'en_US.UTF-8') {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['node', 'wechat-sync', ...args], {
      loadConfig: () => config,
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env: { LANG: lang },
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  test("prints both links pinned to the account, in the operator's language", async () => {
    const en = await cli(['platform', 'link', PLATFORM_ID, '--account', third.accountId]);
    expect(en.code).toBe(0);
    expect(en.out).toContain(`Authorisation links of platform ${PLATFORM_ID} for account ${third.accountId}`);
    const pc = /^http\S+componentloginpage\S+$/m.exec(en.out)?.[0] as string;
    expect(new URL(pc).searchParams.get('biz_appid')).toBe(third.appId);
    expect(en.out).toMatch(/^http\S+bindcomponent\S+#wechat_redirect$/m);
    const zh = await cli(
      ['platform', 'link', PLATFORM_ID, '--account', third.accountId],
      world.config,
      'zh_CN.UTF-8',
    );
    expect(zh.code).toBe(0);
    expect(zh.out).toContain(`第三方平台 ${PLATFORM_ID} 的授权链接（账号 ${third.accountId}`);
    expect(zh.out).toContain('手机端（在微信内打开）：');
  });

  test('PUBLIC_URL unset, an unknown account or platform: exit 2 with the field named', async () => {
    const noUrl = await cli(['platform', 'link', PLATFORM_ID], { ...world.config, publicUrl: null });
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toMatch(/^PUBLIC_URL: not set/);
    const unknown = await cli(['platform', 'link', PLATFORM_ID, '--account', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^accountId: /);
    expect((await cli(['platform', 'link', 'nobody'])).code).toBe(2);
  });

  test('diagnose and the console say the account gets its tokens through the platform', async () => {
    const page = await getText(`${world.api.url}/console/accounts/${second.accountId}`, {
      'accept-language': 'en',
    });
    expect(page.text).toContain(`<td id="mode">platform ${PLATFORM_ID}</td>`);
    const diagnosis = await fetch(
      `${world.api.url}/official-api/wechat/diagnosis?accountId=${second.accountId}`,
      {
        signal: AbortSignal.timeout(15_000),
      },
    );
    const report = (await diagnosis.json()) as { accounts: Array<{ accountId: string; mode: unknown }> };
    expect(report.accounts.find((a) => a.accountId === second.accountId)?.mode).toEqual({
      kind: 'platform',
      platformId: PLATFORM_ID,
    });
  });
});

describe('revocation', () => {
  test('`unauthorized` marks the record revoked at its time; the next job fails once with AUTHORIZATION_REVOKED', async () => {
    const revoked = await world.sim.platform.revoke(COMPONENT_APP_ID, first.appId);
    expect(revoked.push).toMatchObject({ status: 200, body: 'success' });
    const record = await stores().authorizations.get(PLATFORM_ID, first.appId);
    expect(record?.state).toBe('revoked');
    expect(record?.revokedAt).toEqual(expect.any(Number));
    expect(await world.services.redis.get(world.services.keys.token(first.appId))).toBeNull();

    const job = await world.finished(await world.enqueue(first.accountId));
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const { diagnostic } = job.progress as { diagnostic: { code: string; remedy: string[] } };
    expect(diagnostic.code).toBe('AUTHORIZATION_REVOKED');
    expect(job.failedReason).toContain(
      `revoked its authorisation of the third-party platform ${PLATFORM_ID}`,
    );
  });

  test('authorising again (updateauthorized) clears the revoked state and the account syncs', async () => {
    await authorise(first.accountId, first.appId);
    expect((await stores().authorizations.get(PLATFORM_ID, first.appId))?.state).toBe('authorized');
    const job = await world.finished(await world.enqueue(first.accountId));
    expect(await job.getState()).toBe('completed');
  });
});

test(`the landing page is rate-limited per IP (${LANDING_MAX_PER_MINUTE} a minute)`, async () => {
  const url = `${world.api.url}/wechat/platform/${PLATFORM_ID}/authorized`;
  const statuses: number[] = [];
  for (let i = 0; i <= LANDING_MAX_PER_MINUTE; i++) statuses.push((await getText(url)).status);
  expect(statuses.at(-1)).toBe(429);
});
