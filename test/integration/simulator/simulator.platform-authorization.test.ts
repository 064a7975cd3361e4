import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../../src/config/sensitive.js';
import type { AccessToken } from '../../../src/wechat/access-token.js';
import { WeChatClient } from '../../../src/wechat/client.js';
import { AuthorizationInvalidError, InvalidRequestError } from '../../../src/wechat/errors/index.js';
import { PlatformReceiver } from '../../helpers/platform-receiver.js';
import { WeChatWire, wire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

/**
 * The simulator's platform mode over real HTTP, part 2: an account's authorisation
 * (link page, the administrator's approval, the redirect and the push, the exchange),
 * its tokens on the data endpoints, the platform's whitelist there, revocation and
 * re-authorisation, the recovery list; through the real client.
 */

const PLATFORM = 'wx5e14a0b1c2d3e4f6';
const SECRET = '5e14a0b1c2d3e4f65e14a0b1c2d3e4f6';
const PUSH_TOKEN = 'ws14wPlatformPushToken2';
const AES_KEY = 'ws14wZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210ab';
const CREDENTIALS = { componentAppId: PLATFORM, componentAppSecret: new Sensitive(SECRET) };
const ACCOUNT = 'wx5e14aaaa00000001';
const OTHER = 'wx5e14aaaa00000002';
const LANDING = 'https://ops.example.com/wechat/platform/agency/authorized';
const PAGE = { offset: 0, count: 20 };

let sim: SimulatorHandle;
let receiver: PlatformReceiver;
let client: WeChatClient;
let wx: WeChatWire;
let componentToken: AccessToken;

beforeAll(async () => {
  sim = await startSimulator();
  wx = new WeChatWire(sim.url);
  client = new WeChatClient({ baseUrl: sim.url, timeoutMs: 10_000 });
});

afterAll(async () => {
  client.close();
  await sim.close();
});

beforeEach(async () => {
  await sim.control.reset();
  receiver = await PlatformReceiver.start({
    componentAppId: PLATFORM,
    token: PUSH_TOKEN,
    encodingAESKey: AES_KEY,
  });
  await sim.platform.put(PLATFORM, {
    secret: SECRET,
    token: PUSH_TOKEN,
    encodingAESKey: AES_KEY,
    eventUrl: receiver.url,
    name: 'ws14w Agency',
  });
  for (const appId of [ACCOUNT, OTHER])
    await sim.control.putApp(appId, { secret: `own-secret-${appId}`, seed: { articles: 3, followers: 5 } });
  const { ticket } = await sim.platform.pushTicket(PLATFORM);
  componentToken = (await client.component.fetchComponentToken(CREDENTIALS, new Sensitive(ticket))).token;
});

afterEach(async () => {
  await receiver.close();
});

/** The PC link as the platform builds it (the simulator serves mp.weixin.qq.com's page). */
function loginPage(preAuthCode: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    component_appid: PLATFORM,
    pre_auth_code: preAuthCode,
    redirect_uri: LANDING,
    auth_type: '1',
    ...extra,
  });
  return `${sim.url}/cgi-bin/componentloginpage?${q}`;
}

/** Link, page, approval: what an administrator does; answers the approval and the code the redirect carries. */
async function authorise(appId = ACCOUNT, funcIds?: number[]) {
  const { preAuthCode } = await client.component.createPreAuthCode(PLATFORM, componentToken);
  const page = await wire(loginPage(preAuthCode));
  expect(page.text).toContain('data-outcome="ok"');
  const approval = await sim.platform.approve(PLATFORM, {
    preAuthCode,
    authorizerAppId: appId,
    ...(funcIds ? { funcIds } : {}),
  });
  const code = new URL(approval.redirectUrl).searchParams.get('auth_code') ?? '';
  return { preAuthCode, approval, code };
}

describe('authorising an account', () => {
  test('link page, approval: redirect with auth_code and expires_in=600, and the authorized push', async () => {
    const { preAuthCode } = await client.component.createPreAuthCode(PLATFORM, componentToken);
    const page = await wire(loginPage(preAuthCode, { biz_appid: ACCOUNT }));
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('ws14w Agency');
    expect(page.text).toContain(`data-pre-auth-code="${preAuthCode}"`);
    const approval = await sim.platform.approve(PLATFORM, {
      preAuthCode,
      authorizerAppId: ACCOUNT,
      funcIds: [1, 7, 15],
    });
    const redirect = new URL(approval.redirectUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(LANDING);
    expect(redirect.searchParams.get('auth_code')).toBe(approval.authCode);
    expect(redirect.searchParams.get('expires_in')).toBe('600');
    expect(approval).toMatchObject({
      infoType: 'authorized',
      expiresIn: 600,
      push: { status: 200, body: 'success' },
    });
    const event = await receiver.waitFor('authorized');
    expect(event.fields).toMatchObject({
      AppId: PLATFORM,
      AuthorizerAppid: ACCOUNT,
      AuthorizationCode: approval.authCode,
      PreAuthCode: preAuthCode,
    });
    expect(Number(event.fields.AuthorizationCodeExpiredTime) - Number(event.fields.CreateTime)).toBe(600);

    const grant = await client.component.queryAuth(PLATFORM, componentToken, approval.authCode);
    expect(grant).toMatchObject({ authorizerAppId: ACCOUNT, funcIds: [1, 7, 15] });
    const [stored] = await sim.platform.authorizers(PLATFORM);
    expect(grant.refreshToken.reveal()).toBe(stored?.refreshToken);
    expect(String(grant.refreshToken)).toBe('[redacted]');
    // The token it came with reads the account's data.
    const page1 = await client.batchGetPublished(ACCOUNT, grant.token.token, PAGE);
    expect(page1.total_count).toBe(3);
  });

  test('the mobile bindcomponent page too; a link pinned to one account cannot authorise another', async () => {
    const { preAuthCode } = await client.component.createPreAuthCode(PLATFORM, componentToken);
    const q = new URLSearchParams({
      action: 'bindcomponent',
      no_scan: '1',
      component_appid: PLATFORM,
      pre_auth_code: preAuthCode,
      redirect_uri: LANDING,
      auth_type: '1',
      biz_appid: OTHER,
    });
    const page = await wire(`${sim.url}/wxaopen/safe/bindcomponent?${q}`);
    expect(page.text).toContain('data-outcome="ok"');
    await expect(
      sim.platform.approve(PLATFORM, { preAuthCode, authorizerAppId: ACCOUNT }),
    ).rejects.toMatchObject({
      status: 409,
    });
    await expect(
      sim.platform.approve(PLATFORM, { preAuthCode, authorizerAppId: OTHER }),
    ).resolves.toMatchObject({
      infoType: 'authorized',
    });
    q.set('action', 'other');
    expect((await wire(`${sim.url}/wxaopen/safe/bindcomponent?${q}`)).text).toContain(
      'data-error="action is invalid"',
    );
  });

  test('the page refuses an unknown platform, a bad redirect_uri, a used or expired pre-auth code', async () => {
    const { preAuthCode } = await client.component.createPreAuthCode(PLATFORM, componentToken);
    const refusal = async (url: string) => /data-error="([^"]*)"/.exec((await wire(url)).text)?.[1];
    expect(await refusal(loginPage(preAuthCode, { component_appid: 'wx0000000000000000' }))).toBe(
      'component_appid is invalid',
    );
    expect(await refusal(loginPage(preAuthCode, { redirect_uri: 'not a url' }))).toBe(
      'redirect_uri is invalid',
    );
    expect(await refusal(loginPage('preauthcode@@@unknown'))).toBe('pre_auth_code is invalid');
    await sim.platform.approve(PLATFORM, { preAuthCode, authorizerAppId: ACCOUNT, redirectUri: LANDING });
    expect(await refusal(loginPage(preAuthCode))).toBe('pre_auth_code is invalid');
    const stale = (await client.component.createPreAuthCode(PLATFORM, componentToken)).preAuthCode;
    await sim.control.advanceClock(1800_000);
    expect(await refusal(loginPage(stale))).toBe('pre_auth_code is expired');
    await expect(
      sim.platform.approve(PLATFORM, { preAuthCode: stale, authorizerAppId: ACCOUNT }),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  test('an auth code is exchanged once (61009 after), dies after 600 s (61010); authCodeReusable', async () => {
    const { code } = await authorise();
    await client.component.queryAuth(PLATFORM, componentToken, code);
    const again = await client.component.queryAuth(PLATFORM, componentToken, code).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidRequestError);
    expect(again).toMatchObject({ errcode: 61009, retry: 'never' });
    expect(JSON.stringify(again)).not.toContain(code);

    const late = (await authorise(OTHER)).code;
    await sim.control.advanceClock(600_000);
    await expect(client.component.queryAuth(PLATFORM, componentToken, late)).rejects.toMatchObject({
      errcode: 61010,
    });

    await sim.platform.patch(PLATFORM, { authCodeReusable: true });
    componentToken = (
      await client.component.fetchComponentToken(
        CREDENTIALS,
        new Sensitive((await sim.platform.pushTicket(PLATFORM)).ticket),
      )
    ).token;
    const reusable = (await authorise(OTHER)).code;
    await client.component.queryAuth(PLATFORM, componentToken, reusable);
    await expect(client.component.queryAuth(PLATFORM, componentToken, reusable)).resolves.toMatchObject({
      authorizerAppId: OTHER,
    });
  });

  test('push: false sends no event (the redirect alone carries the code); authorize() skips the page', async () => {
    const { preAuthCode } = await client.component.createPreAuthCode(PLATFORM, componentToken);
    const approval = await sim.platform.approve(PLATFORM, {
      preAuthCode,
      authorizerAppId: ACCOUNT,
      redirectUri: LANDING,
      push: false,
    });
    expect(approval.push).toBeNull();
    const direct = await sim.platform.authorize(PLATFORM, { authorizerAppId: OTHER });
    expect(direct).toMatchObject({ infoType: 'authorized', push: { status: 200 } });
    const event = await receiver.waitFor('authorized');
    expect(event.fields).toMatchObject({
      AuthorizerAppid: OTHER,
      AuthorizationCode: direct.authCode,
      PreAuthCode: direct.preAuthCode,
    });
    expect(receiver.events.filter((e) => e.infoType === 'authorized')).toHaveLength(1);
    await expect(
      sim.platform.authorize(PLATFORM, { authorizerAppId: 'wx0000000000000000' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('an authorised account', () => {
  async function authorised(appId = ACCOUNT) {
    const { code } = await authorise(appId);
    return client.component.queryAuth(PLATFORM, componentToken, code);
  }

  test('api_authorizer_token: a new token each call, the same refresh token (default); counted per account', async () => {
    const grant = await authorised();
    const a = await client.component.fetchAuthorizerToken(
      PLATFORM,
      componentToken,
      ACCOUNT,
      grant.refreshToken,
    );
    const b = await client.component.fetchAuthorizerToken(PLATFORM, componentToken, ACCOUNT, a.refreshToken);
    expect(a.token.token.reveal()).not.toBe(b.token.token.reveal());
    expect(b.refreshToken.equals(grant.refreshToken)).toBe(true);
    for (const token of [grant.token.token, a.token.token, b.token.token]) {
      await expect(client.getFollowers(ACCOUNT, token)).resolves.toMatchObject({ total: 5 });
    }
    const stats = await sim.platform.stats(PLATFORM);
    expect(stats.authorizerTokensIssued).toEqual({ [ACCOUNT]: 3 });
    expect(stats.authorizerTokenCalls).toBe(2);
  });

  test('rotateRefreshToken: a new refresh token each call, the old one then 61023', async () => {
    await sim.platform.patch(PLATFORM, { rotateRefreshToken: true });
    const grant = await authorised();
    const a = await client.component.fetchAuthorizerToken(
      PLATFORM,
      componentToken,
      ACCOUNT,
      grant.refreshToken,
    );
    expect(a.refreshToken.equals(grant.refreshToken)).toBe(false);
    const stale = await client.component
      .fetchAuthorizerToken(PLATFORM, componentToken, ACCOUNT, grant.refreshToken)
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AuthorizationInvalidError);
    expect(stale).toMatchObject({ errcode: 61023, appId: ACCOUNT, code: 'AUTHORIZATION_INVALID' });
    expect(JSON.stringify(stale)).not.toContain(grant.refreshToken.reveal());
  });

  test("data calls with an authorizer token check the PLATFORM's whitelist, not the account's", async () => {
    const grant = await authorised();
    const token = grant.token.token;
    await sim.control.patchApp(ACCOUNT, { whitelist: ['10.9.9.9'], egressIp: '198.51.100.1' });
    await expect(client.getFollowers(ACCOUNT, token)).resolves.toMatchObject({ total: 5 });
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1'], egressIp: '203.0.113.50' });
    const refused = await client.batchGetPublished(ACCOUNT, token, PAGE).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'IpNotWhitelistedError', errcode: 61004, ip: '203.0.113.50' });
    // The account's own-secret tokens are not the platform's business.
    await sim.control.patchApp(ACCOUNT, { whitelist: null });
    const own = (await wx.stableToken(ACCOUNT, `own-secret-${ACCOUNT}`)).json.access_token as string;
    expect((await wx.data('/cgi-bin/user/get', own)).json.total).toBe(5);
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1', '203.0.113.50'] });
    await expect(client.getFollowers(ACCOUNT, token)).resolves.toMatchObject({ total: 5 });
  });

  test('revocation: unauthorized pushed, tokens dead (40001), refresh 61023, info 61003, off the list', async () => {
    const grant = await authorised();
    await authorised(OTHER);
    const revoked = await sim.platform.revoke(PLATFORM, ACCOUNT);
    expect(revoked.push).toMatchObject({ status: 200, body: 'success' });
    const event = await receiver.waitFor('unauthorized');
    expect(event.fields).toMatchObject({ AppId: PLATFORM, AuthorizerAppid: ACCOUNT });
    await expect(client.getFollowers(ACCOUNT, grant.token.token)).rejects.toMatchObject({
      name: 'TokenInvalidError',
      errcode: 40001,
    });
    await expect(
      client.component.fetchAuthorizerToken(PLATFORM, componentToken, ACCOUNT, grant.refreshToken),
    ).rejects.toMatchObject({ name: 'AuthorizationInvalidError', errcode: 61023 });
    await expect(client.component.getAuthorizerInfo(PLATFORM, componentToken, ACCOUNT)).rejects.toMatchObject(
      {
        name: 'AuthorizationInvalidError',
        errcode: 61003,
      },
    );
    const listed = await client.component.listAuthorizers(PLATFORM, componentToken, 0, 500);
    expect(listed.list.map((a) => a.authorizerAppId)).toEqual([OTHER]);
    await expect(sim.platform.revoke(PLATFORM, ACCOUNT)).rejects.toMatchObject({ status: 409 });
    const [record] = (await sim.platform.authorizers(PLATFORM)).filter((a) => a.authorizerAppId === ACCOUNT);
    expect(record).toMatchObject({ state: 'revoked', revokedAt: expect.any(Number) });
  });

  test('re-authorising while authorised: updateauthorized, a new refresh token, the old one 61023', async () => {
    const grant = await authorised();
    const { approval } = await authorise(ACCOUNT, [1]);
    expect(approval.infoType).toBe('updateauthorized');
    await receiver.waitFor('updateauthorized');
    const renewed = await client.component.queryAuth(PLATFORM, componentToken, approval.authCode);
    expect(renewed.funcIds).toEqual([1]);
    expect(renewed.refreshToken.equals(grant.refreshToken)).toBe(false);
    await expect(
      client.component.fetchAuthorizerToken(PLATFORM, componentToken, ACCOUNT, grant.refreshToken),
    ).rejects.toMatchObject({ errcode: 61023 });
  });

  test('an account that never authorised: 61003', async () => {
    await expect(
      client.component.fetchAuthorizerToken(
        PLATFORM,
        componentToken,
        OTHER,
        new Sensitive('refreshtoken@@@x'),
      ),
    ).rejects.toMatchObject({ name: 'AuthorizationInvalidError', errcode: 61003, appId: OTHER });
  });

  test('api_get_authorizer_info and the paged recovery list', async () => {
    await authorised();
    await sim.control.advanceClock(1000);
    await authorised(OTHER);
    const info = await client.component.getAuthorizerInfo(PLATFORM, componentToken, ACCOUNT);
    expect(info).toMatchObject({ userName: expect.stringMatching(/^gh_[0-9a-f]{12}$/), funcIds: [1, 15] });
    expect(info.nickName.length).toBeGreaterThan(0);
    const first = await client.component.listAuthorizers(PLATFORM, componentToken, 0, 1);
    const second = await client.component.listAuthorizers(PLATFORM, componentToken, 1, 1);
    const past = await client.component.listAuthorizers(PLATFORM, componentToken, 2, 1);
    expect([first.totalCount, second.totalCount, past.totalCount]).toEqual([2, 2, 2]);
    expect([...first.list, ...second.list].map((a) => a.authorizerAppId)).toEqual([ACCOUNT, OTHER]);
    expect(past.list).toEqual([]);
    const stored = await sim.platform.authorizers(PLATFORM);
    expect(first.list[0]?.refreshToken.reveal()).toBe(
      stored.find((a) => a.authorizerAppId === ACCOUNT)?.refreshToken,
    );
    const q = `?component_access_token=${encodeURIComponent(componentToken.reveal())}`;
    const tooMany = await wx.post(
      `/cgi-bin/component/api_get_authorizer_list${q}`,
      JSON.stringify({ component_appid: PLATFORM, offset: 0, count: 501 }),
    );
    expect(tooMany.json.errcode).toBe(40097);
  });
});
