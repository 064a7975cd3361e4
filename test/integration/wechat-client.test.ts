import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import { AccessToken, type AppCredentials } from '../../src/wechat/access-token.js';
import { WeChatClient } from '../../src/wechat/client.js';
import {
  CredentialsError,
  IpNotWhitelistedError,
  QuotaError,
  TokenInvalidError,
  TransientError,
  type WeChatError,
} from '../../src/wechat/errors/index.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const APP_ID = 'wx1a2b3c4d5e6f7081';
const SECRET = randomBytes(16).toString('hex');
const APP: AppCredentials = { appId: APP_ID, appSecret: new Sensitive(SECRET) };
const PUBLISHED = '/cgi-bin/freepublish/batchget';
const RID = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

let sim: SimulatorHandle;
let client: WeChatClient;
/** Every credential the suite has seen; no thrown error may contain any of them. */
const credentials = new Set<string>([SECRET]);

beforeAll(async () => {
  sim = await startSimulator();
  client = new WeChatClient({ baseUrl: sim.url, timeoutMs: 5_000 });
});

afterAll(async () => {
  client.close();
  await sim.close();
});

beforeEach(async () => {
  await sim.control.reset();
  await sim.control.putApp(APP_ID, { secret: SECRET, seed: { articles: 45 } });
});

/** Awaits the rejection, checks its class, and that no view of the error holds a credential. */
async function rejection<C extends abstract new (...args: never[]) => WeChatError>(
  promise: Promise<unknown>,
  errorClass: C,
): Promise<InstanceType<C>> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(errorClass);
  expectNoCredentials(err);
  return err as InstanceType<C>;
}

function expectNoCredentials(err: unknown): void {
  const views = [
    (err as Error).message,
    (err as Error).stack,
    JSON.stringify(err),
    inspect(err, { depth: 10 }),
  ];
  for (const view of views) {
    for (const credential of credentials) expect(view).not.toContain(credential);
  }
}

async function stableToken(): Promise<AccessToken> {
  const { token } = await client.fetchStableToken(APP);
  credentials.add(token.reveal());
  return token;
}

async function forcedToken(): Promise<AccessToken> {
  const { token } = await client.fetchStableToken(APP, true);
  credentials.add(token.reveal());
  return token;
}

describe('tokens', () => {
  test('fetchToken returns a token whose expiry comes from expires_in', async () => {
    await sim.control.patchApp(APP_ID, { tokenTtlSec: 5_000 });
    const before = Date.now();
    const issued = await client.fetchToken(APP);
    credentials.add(issued.token.reveal());
    expect(issued.token).toBeInstanceOf(AccessToken);
    expect(issued.token.reveal().length).toBeGreaterThan(20);
    expect(issued.expiresAt).toBeGreaterThanOrEqual(before + 5_000_000);
    expect(issued.expiresAt).toBeLessThanOrEqual(Date.now() + 5_000_000);
    expect((await sim.control.stats(APP_ID)).tokenCalls).toBe(1);
  });

  test('fetchStableToken returns the same token until forced, then a new one', async () => {
    const first = await client.fetchStableToken(APP);
    const again = await client.fetchStableToken(APP, false);
    const forced = await client.fetchStableToken(APP, true);
    for (const issued of [first, again, forced]) credentials.add(issued.token.reveal());
    expect(again.token.equals(first.token)).toBe(true);
    expect(forced.token.equals(first.token)).toBe(false);
    expect(first.expiresAt).toBeGreaterThan(Date.now() + 7_000_000);
    expect(await sim.control.stats(APP_ID)).toMatchObject({ tokenCalls: 3, tokensIssued: 2 });
  });

  test('40164 with the seed message → IpNotWhitelistedError with ip, ipv6 and the simulator rid', async () => {
    await sim.control.patchApp(APP_ID, { whitelist: ['203.0.113.10'], egressIp: '1.92.157.200' });
    const simNowSec = Math.floor((await sim.control.now()) / 1000);
    for (const call of [() => client.fetchStableToken(APP), () => client.fetchToken(APP)]) {
      const err = await rejection(call(), IpNotWhitelistedError);
      expect(err).toMatchObject({
        errcode: 40164,
        ip: '1.92.157.200',
        ipv6: '::ffff:1.92.157.200',
        appId: APP_ID,
      });
      expect(err.rid).toMatch(RID);
      expect(err.errmsg).toBe(
        `invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: ${err.rid}`,
      );
      // The first rid group is the simulator's clock in Unix seconds.
      expect(Math.abs(Number.parseInt(err.rid!.slice(0, 8), 16) - simNowSec)).toBeLessThanOrEqual(5);
    }
  });

  test.each([
    [1, '1.92.157.200', '::ffff:1.92.157.200'],
    [2, '1.92.157.200', '::ffff:1.92.157.200'],
    [3, '1.92.157.200', '::ffff:1.92.157.200'],
    [4, '1.92.157.200', '::ffff:1.92.157.200'],
    [5, '1.92.157.200', null],
    [6, null, null],
    [7, '1.92.157.200', null],
  ] as const)('40164 in message shape %i is parsed', async (shape, ip, ipv6) => {
    await sim.control.patchApp(APP_ID, { whitelist: [], egressIp: '1.92.157.200', ipErrorShape: shape });
    const err = await rejection(client.fetchStableToken(APP), IpNotWhitelistedError);
    expect(err).toMatchObject({ ip, ipv6 });
  });

  test('an unknown appid → CredentialsError on appId', async () => {
    const stranger = { appId: 'wx9999999999999999', appSecret: new Sensitive(SECRET) };
    const err = await rejection(client.fetchStableToken(stranger), CredentialsError);
    expect(err).toMatchObject({ errcode: 40013, field: 'appId', appId: 'wx9999999999999999' });
    expect(err.rid).toMatch(RID);
  });

  test('a wrong secret → CredentialsError on appSecret, without the secret anywhere', async () => {
    const wrongSecret = randomBytes(16).toString('hex');
    credentials.add(wrongSecret);
    const wrong = { appId: APP_ID, appSecret: new Sensitive(wrongSecret) };
    for (const call of [() => client.fetchToken(wrong), () => client.fetchStableToken(wrong)]) {
      const err = await rejection(call(), CredentialsError);
      expect(err).toMatchObject({ errcode: 40125, field: 'appSecret' });
    }
  });
});

describe('faults', () => {
  test.each([
    ['busy', 'TransientError', TransientError, { kind: 'busy', errcode: -1 }],
    ['http5xx', 'TransientError', TransientError, { kind: 'http-status', statusCode: 502 }],
    ['malformed', 'TransientError', TransientError, { kind: 'bad-response', statusCode: 200 }],
    ['html', 'TransientError', TransientError, { kind: 'bad-response', statusCode: 200 }],
    ['reset', 'TransientError', TransientError, { kind: 'network', errcode: null }],
    ['quota-daily', 'QuotaError', QuotaError, { scope: 'daily', errcode: 45009 }],
    ['quota-minute', 'QuotaError', QuotaError, { scope: 'minute', errcode: 45011 }],
    ['token-expired', 'TokenInvalidError', TokenInvalidError, { errcode: 42001 }],
  ] as const)('%s on a data call → %s', async (kind, _name, errorClass, data) => {
    const token = await stableToken();
    await sim.control.addFault(APP_ID, { kind, endpoint: PUBLISHED, times: 1 });
    const err = await rejection(client.batchGetPublished(APP_ID, token, { offset: 0, count: 5 }), errorClass);
    expect(err).toMatchObject({ ...data, endpoint: PUBLISHED, appId: APP_ID });
    // The fault was used up and the client is still usable. An expired token stays
    // expired, so that case goes on with a freshly forced one.
    const next = kind === 'token-expired' ? await forcedToken() : token;
    const page = await client.batchGetPublished(APP_ID, next, { offset: 0, count: 5 });
    expect(page.item_count).toBe(5);
  });

  test('quota errors say when to retry', async () => {
    const token = await stableToken();
    await sim.control.addFault(APP_ID, { kind: 'quota-minute', endpoint: PUBLISHED, times: 1 });
    const before = Date.now();
    const err = await rejection(client.batchGetPublished(APP_ID, token, { offset: 0, count: 1 }), QuotaError);
    expect(err.retryAt % 60_000).toBe(0);
    expect(err.retryAt).toBeGreaterThan(before);
    expect(err.retryAt).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  test.each([
    ['reset', '/cgi-bin/token', { kind: 'network' }],
    ['html', '/cgi-bin/token', { kind: 'bad-response' }],
    ['malformed', '/cgi-bin/stable_token', { kind: 'bad-response' }],
    ['http5xx', '/cgi-bin/stable_token', { kind: 'http-status', statusCode: 502 }],
  ] as const)(
    '%s on %s (a call carrying the secret) → TransientError without the secret',
    async (kind, endpoint, data) => {
      await sim.control.addFault(APP_ID, { kind, endpoint, times: 1 });
      const call = endpoint === '/cgi-bin/token' ? client.fetchToken(APP) : client.fetchStableToken(APP);
      const err = await rejection(call, TransientError);
      expect(err).toMatchObject({ ...data, endpoint });
    },
  );

  test('slow beyond timeoutMs → TransientError timeout, on token and data calls', async () => {
    const impatient = new WeChatClient({ baseUrl: sim.url, timeoutMs: 150 });
    try {
      const token = await stableToken();
      await sim.control.addFault(APP_ID, { kind: 'slow', delayMs: 5_000, times: 2 });
      const started = Date.now();
      const tokenErr = await rejection(impatient.fetchToken(APP), TransientError);
      const dataErr = await rejection(
        impatient.batchGetPublished(APP_ID, token, { offset: 0, count: 1 }),
        TransientError,
      );
      expect(tokenErr).toMatchObject({ kind: 'timeout', endpoint: '/cgi-bin/token' });
      expect(dataErr).toMatchObject({ kind: 'timeout', endpoint: PUBLISHED });
      // Far below one delay: the client gave up rather than waited for the slow answer.
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      impatient.close();
    }
  });

  test('nobody listening → TransientError network without the secret', async () => {
    const port = await closedPort();
    const nowhere = new WeChatClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000 });
    try {
      const err = await rejection(nowhere.fetchToken(APP), TransientError);
      expect(err).toMatchObject({ kind: 'network', endpoint: '/cgi-bin/token' });
      expect(err.errmsg).toContain('ECONNREFUSED');
    } finally {
      nowhere.close();
    }
  });
});

describe('data APIs', () => {
  test('batchGetPublished pages through every article once', async () => {
    const token = await stableToken();
    const ids: string[] = [];
    const counts: number[] = [];
    for (let offset = 0; ; offset += 20) {
      const page = await client.batchGetPublished(APP_ID, token, { offset, count: 20 });
      expect(page.total_count).toBe(45);
      counts.push(page.item_count);
      ids.push(...page.item.map((item) => item.article_id));
      if (page.item_count < 20) break;
    }
    expect(counts).toEqual([20, 20, 5]);
    expect(new Set(ids).size).toBe(45);
  });

  test('noContent leaves out the article HTML', async () => {
    const token = await stableToken();
    const full = await client.batchGetPublished(APP_ID, token, { offset: 0, count: 3 });
    const bare = await client.batchGetPublished(APP_ID, token, { offset: 0, count: 3, noContent: true });
    const contents = (page: typeof full) =>
      page.item.flatMap((i) => i.content.news_item.map((n) => n.content));
    expect(contents(full).every((c) => typeof c === 'string' && c.length > 0)).toBe(true);
    expect(contents(bare).every((c) => c === undefined)).toBe(true);
    expect(bare.item.map((i) => i.article_id)).toEqual(full.item.map((i) => i.article_id));
  });

  test('getFollowers pages by next_openid until WeChat answers count 0 (its real ending)', async () => {
    await sim.control.putApp(APP_ID, { secret: SECRET, seed: { followers: 20_001 } });
    const token = await stableToken();
    const openids: string[] = [];
    const counts: number[] = [];
    let next: string | undefined;
    for (;;) {
      const page = await client.getFollowers(APP_ID, token, next);
      expect(page.total).toBe(20_001);
      counts.push(page.count);
      if (page.count === 0) {
        // No data on the wire; the client normalises it to an empty list.
        expect(page.data).toEqual({ openid: [] });
        break;
      }
      openids.push(...page.data.openid);
      next = page.next_openid;
    }
    expect(counts).toEqual([10_000, 10_000, 1, 0]);
    expect(new Set(openids).size).toBe(20_001);
  });

  test('an account without followers gets data normalised to an empty list', async () => {
    await sim.control.putApp(APP_ID, { secret: SECRET, seed: { followers: 0 } });
    const page = await client.getFollowers(APP_ID, await stableToken());
    expect(page).toEqual({ total: 0, count: 0, data: { openid: [] }, next_openid: '' });
  });

  test('drafts, materials, user info and quota answers are validated and returned', async () => {
    await sim.control.putApp(APP_ID, {
      secret: SECRET,
      seed: { drafts: 3, followers: 5, materials: { image: 4, video: 0, voice: 1, news: 2 } },
    });
    const token = await stableToken();
    expect(await client.getDraftCount(APP_ID, token)).toMatchObject({ total_count: 3 });
    expect((await client.batchGetDrafts(APP_ID, token, { offset: 0, count: 20 })).item).toHaveLength(3);
    expect(await client.getMaterialCount(APP_ID, token)).toMatchObject({
      image_count: 4,
      video_count: 0,
      voice_count: 1,
      news_count: 2,
    });
    const images = await client.batchGetMaterial(APP_ID, token, { type: 'image', offset: 0, count: 20 });
    expect(images.item.every((i) => typeof i.url === 'string' && typeof i.name === 'string')).toBe(true);
    const news = await client.batchGetMaterial(APP_ID, token, { type: 'news', offset: 0, count: 20 });
    expect(news.item.every((i) => (i.content?.news_item.length ?? 0) > 0)).toBe(true);
    const { data } = await client.getFollowers(APP_ID, token);
    const { users, rejected } = await client.batchGetUserInfo(APP_ID, token, data.openid);
    expect(users.map((i) => i.openid)).toEqual(data.openid);
    expect(users.every((i) => i.subscribe === 1)).toBe(true);
    expect(rejected).toEqual([]);
    const quota = await client.getApiQuota(APP_ID, token, '/cgi-bin/user/get');
    expect(quota).toEqual({ dailyLimit: 500, used: 1, remain: 499 });
  });

  test('caller bugs are RangeErrors and never reach WeChat', async () => {
    const token = await stableToken();
    const tooMany = Array.from({ length: 101 }, (_, i) => `o${i}`);
    await expect(client.batchGetUserInfo(APP_ID, token, tooMany)).rejects.toThrow(RangeError);
    await expect(client.batchGetPublished(APP_ID, token, { offset: 0, count: 21 })).rejects.toThrow(
      RangeError,
    );
    await expect(client.batchGetDrafts(APP_ID, token, { offset: -1, count: 5 })).rejects.toThrow(RangeError);
    expect(await client.batchGetUserInfo(APP_ID, token, [])).toEqual({ users: [], rejected: [] });
    expect((await sim.control.stats(APP_ID)).dataCalls).toBe(0);
  });
});

describe('lifecycle', () => {
  test('close() is idempotent and later calls are refused', async () => {
    const shortLived = new WeChatClient({ baseUrl: sim.url, timeoutMs: 2_000 });
    credentials.add((await shortLived.fetchStableToken(APP)).token.reveal());
    shortLived.close();
    shortLived.close();
    await expect(shortLived.fetchStableToken(APP)).rejects.toThrow('WeChatClient is closed');
  });
});

/** A loopback port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}
