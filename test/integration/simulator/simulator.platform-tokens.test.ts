import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../../src/config/sensitive.js';
import type { AccessToken } from '../../../src/wechat/access-token.js';
import { WeChatClient } from '../../../src/wechat/client.js';
import {
  ComponentTicketError,
  CredentialsError,
  IpNotWhitelistedError,
  TokenInvalidError,
} from '../../../src/wechat/errors/index.js';
import { PlatformReceiver } from '../../helpers/platform-receiver.js';
import { RID, WeChatWire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

/**
 * The simulator's platform mode over real HTTP, part 1: the ticket push (encrypted,
 * decrypted by the receiver as a platform would) and api_component_token with its
 * checks in order, through the real client (WeChatClient.component) and raw.
 */

const PLATFORM = 'wx5e14a0b1c2d3e4f5';
const SECRET = '5e14a0b1c2d3e4f55e14a0b1c2d3e4f5';
const PUSH_TOKEN = 'ws14wPlatformPushToken';
const AES_KEY = 'ws14wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab';
const CREDENTIALS = { componentAppId: PLATFORM, componentAppSecret: new Sensitive(SECRET) };
const TOKEN_PATH = '/cgi-bin/component/api_component_token';
const HOUR = 3_600_000;

let sim: SimulatorHandle;
let receiver: PlatformReceiver;
let client: WeChatClient;
let wx: WeChatWire;

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
  });
});

afterEach(async () => {
  await receiver.close();
});

/** The pushed ticket, as the receiver decrypted it. */
async function pushedTicket(): Promise<Sensitive> {
  const pushed = await sim.platform.pushTicket(PLATFORM);
  const event = await receiver.waitFor((e) => e.fields.ComponentVerifyTicket === pushed.ticket);
  return new Sensitive(event.fields.ComponentVerifyTicket ?? '');
}

function componentTokenCall(body: unknown) {
  return wx.post(TOKEN_PATH, typeof body === 'string' ? body : JSON.stringify(body));
}

describe('the ticket push', () => {
  test('encrypted to the event URL with the component AppID inside; CreateTime on the sim clock', async () => {
    await sim.control.advanceClock(5 * HOUR);
    const simNow = await sim.control.now();
    const pushed = await sim.platform.pushTicket(PLATFORM);
    expect(pushed.push).toEqual({ status: 200, body: 'success', tries: 1 });
    const event = await receiver.waitFor('component_verify_ticket');
    expect(event.fields).toEqual({
      AppId: PLATFORM,
      CreateTime: String(pushed.createTime),
      InfoType: 'component_verify_ticket',
      ComponentVerifyTicket: pushed.ticket,
    });
    expect(Math.abs(pushed.createTime - simNow / 1000)).toBeLessThan(5);
    expect(event.query).toMatchObject({ encrypt_type: 'aes' });
    expect(receiver.refusals).toEqual([]);
    expect((await sim.platform.stats(PLATFORM)).pushes).toEqual({ component_verify_ticket: 1 });
  });

  test("a platform that does not answer within WeChat's 5 s is pushed three times; no event URL, no push", async () => {
    receiver.answerWith(() => ({ status: 500, body: 'down' }));
    const pushed = await sim.platform.pushTicket(PLATFORM);
    expect(pushed.push).toMatchObject({ status: 500, tries: 3 });
    expect(receiver.deliveries).toBe(3);
    await sim.platform.patch(PLATFORM, { eventUrl: null });
    expect((await sim.platform.pushTicket(PLATFORM)).push).toBeNull();
    expect(receiver.deliveries).toBe(3);
  });
});

describe('api_component_token', () => {
  test('the pushed ticket buys a token (7200 s); each call a new one, the previous still valid (default)', async () => {
    const ticket = await pushedTicket();
    const first = await client.component.fetchComponentToken(CREDENTIALS, ticket);
    const second = await client.component.fetchComponentToken(CREDENTIALS, ticket);
    expect(first.token.reveal()).not.toBe(second.token.reveal());
    expect(first.expiresAt - Date.now()).toBeGreaterThan(7190_000);
    // Both work for a component call.
    for (const issued of [first, second])
      await expect(client.component.createPreAuthCode(PLATFORM, issued.token)).resolves.toMatchObject({
        expiresInSec: 1800,
      });
    expect(await sim.platform.stats(PLATFORM)).toMatchObject({
      componentTokenCalls: 2,
      componentTokensIssued: 2,
    });
  });

  test('componentTokenReuse: the same token while valid, expires_in the remaining life', async () => {
    await sim.platform.patch(PLATFORM, { componentTokenReuse: true });
    const ticket = await pushedTicket();
    const first = await componentTokenCall({
      component_appid: PLATFORM,
      component_appsecret: SECRET,
      component_verify_ticket: ticket.reveal(),
    });
    await sim.control.advanceClock(HOUR);
    const again = await componentTokenCall({
      component_appid: PLATFORM,
      component_appsecret: SECRET,
      component_verify_ticket: ticket.reveal(),
    });
    expect(again.json.component_access_token).toBe(first.json.component_access_token);
    // Real time passes too: within a second or two of 3600 s less.
    expect(first.json.expires_in - again.json.expires_in).toBeGreaterThanOrEqual(3600);
    expect(first.json.expires_in - again.json.expires_in).toBeLessThanOrEqual(3602);
    expect((await sim.platform.stats(PLATFORM)).componentTokensIssued).toBe(1);
  });

  test('checks in order: body, appid, secret, the platform whitelist (61004 requestIP), the ticket', async () => {
    const ticket = (await sim.platform.pushTicket(PLATFORM)).ticket;
    const good = { component_appid: PLATFORM, component_appsecret: SECRET, component_verify_ticket: ticket };
    const errcodes = async (body: unknown) => (await componentTokenCall(body)).json.errcode ?? 0;
    expect(await errcodes('')).toBe(44002);
    expect(await errcodes('{not json')).toBe(47001);
    expect(await errcodes({ ...good, component_appid: undefined })).toBe(41002);
    expect(
      await errcodes({ ...good, component_appid: 'wx0000000000000000', component_verify_ticket: 'x' }),
    ).toBe(40013);
    expect(await errcodes({ ...good, component_appsecret: undefined, component_verify_ticket: 'x' })).toBe(
      41004,
    );
    expect(await errcodes({ ...good, component_appsecret: 'wrong', component_verify_ticket: 'x' })).toBe(
      40125,
    );
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1'], egressIp: '203.0.113.9' });
    const refused = await componentTokenCall({ ...good, component_verify_ticket: 'x' });
    expect(refused.json).toEqual({
      errcode: 61004,
      errmsg: expect.stringMatching(
        new RegExp(`^access clientip is not registered requestIP: 203\\.0\\.113\\.9 rid: ${RID.source}$`),
      ),
    });
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1', '203.0.113.9'] });
    expect(await errcodes({ ...good, component_verify_ticket: 'ticket@@@never-pushed' })).toBe(61006);
    expect(await errcodes({ ...good, component_verify_ticket: undefined })).toBe(61006);
    expect(await errcodes(good)).toBe(0);
    expect((await sim.platform.stats(PLATFORM)).errorsByCode).toEqual({
      '40125': 1,
      '41004': 1,
      '61004': 1,
      '61006': 2,
    });
  });

  test('a ticket older than 12 h (sim clock) is 61005 until the next push; the client says retry', async () => {
    const ticket = await pushedTicket();
    await sim.control.advanceClock(12 * HOUR);
    const expired = await client.component.fetchComponentToken(CREDENTIALS, ticket).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ComponentTicketError);
    expect(expired).toMatchObject({ errcode: 61005, retry: 'backoff', componentAppId: PLATFORM });
    const fresh = await pushedTicket();
    await expect(client.component.fetchComponentToken(CREDENTIALS, fresh)).resolves.toBeDefined();
    await sim.platform.expireTickets(PLATFORM);
    await expect(client.component.fetchComponentToken(CREDENTIALS, fresh)).rejects.toMatchObject({
      errcode: 61005,
    });
    const unknown = await client.component
      .fetchComponentToken(CREDENTIALS, new Sensitive('ticket@@@made-up'))
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ name: 'ComponentTicketError', errcode: 61006 });
  });

  test('the client names the platform: wrong secret, not whitelisted', async () => {
    const ticket = await pushedTicket();
    const wrong = { componentAppId: PLATFORM, componentAppSecret: new Sensitive('not-the-secret-at-all') };
    const bad = await client.component.fetchComponentToken(wrong, ticket).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CredentialsError);
    expect(bad).toMatchObject({ field: 'componentAppSecret', appId: PLATFORM, retry: 'never' });
    expect(JSON.stringify(bad)).not.toContain('not-the-secret-at-all');
    expect(JSON.stringify(bad)).not.toContain(ticket.reveal());
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1'], egressIp: '198.51.100.4' });
    const ip = await client.component.fetchComponentToken(CREDENTIALS, ticket).catch((e: unknown) => e);
    expect(ip).toBeInstanceOf(IpNotWhitelistedError);
    expect(ip).toMatchObject({ ip: '198.51.100.4', errcode: 61004, appId: PLATFORM });
  });
});

describe('calls with the component token', () => {
  let token: AccessToken;

  beforeEach(async () => {
    token = (await client.component.fetchComponentToken(CREDENTIALS, await pushedTicket())).token;
  });

  const call = (query: string, body: unknown) =>
    wx.post(`/cgi-bin/component/api_create_preauthcode${query}`, JSON.stringify(body));

  test('missing 41001, unknown 40001, another platform 40013, expired after its 7200 s 42001', async () => {
    const body = { component_appid: PLATFORM };
    expect((await call('', body)).json.errcode).toBe(41001);
    expect((await call('?component_access_token=85_unknown', body)).json.errcode).toBe(40001);
    const q = `?component_access_token=${encodeURIComponent(token.reveal())}`;
    expect((await call(q, { component_appid: 'wx0000000000000000' })).json.errcode).toBe(40013);
    expect((await call(q, body)).json).toEqual({
      pre_auth_code: expect.stringMatching(/^preauthcode@@@/),
      expires_in: 1800,
    });
    await sim.control.advanceClock(2 * HOUR);
    const expired = await client.component.createPreAuthCode(PLATFORM, token).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(TokenInvalidError);
    expect(expired).toMatchObject({ errcode: 42001, retry: 'refresh-token' });
  });

  test('expireTokens and the platform whitelist apply to every component call', async () => {
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1'], egressIp: '203.0.113.9' });
    await expect(client.component.createPreAuthCode(PLATFORM, token)).rejects.toMatchObject({
      name: 'IpNotWhitelistedError',
      ip: '203.0.113.9',
    });
    await sim.platform.patch(PLATFORM, { whitelist: null });
    await sim.platform.expireTokens(PLATFORM);
    await expect(client.component.createPreAuthCode(PLATFORM, token)).rejects.toMatchObject({
      errcode: 42001,
    });
  });

  test("platform faults: an errcode fault answers with WeChat text; busy is retried by the client's caller", async () => {
    await sim.platform.addFault(PLATFORM, { kind: 'errcode', errcode: 61007, times: 1 });
    await sim.platform.addFault(PLATFORM, { kind: 'busy', times: 1 });
    await expect(client.component.createPreAuthCode(PLATFORM, token)).rejects.toMatchObject({
      name: 'PermissionError',
      errcode: 61007,
    });
    await expect(client.component.createPreAuthCode(PLATFORM, token)).rejects.toMatchObject({
      name: 'TransientError',
      retry: 'backoff',
    });
    await expect(client.component.createPreAuthCode(PLATFORM, token)).resolves.toBeDefined();
    await expect(sim.platform.addFault(PLATFORM, { kind: 'pause' })).rejects.toMatchObject({ status: 400 });
  });
});
