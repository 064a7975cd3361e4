import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { pino } from 'pino';
import { tokenSourceFor } from '../../src/token/token-source.js';
import type { AccessToken, AppCredentials } from '../../src/wechat/access-token.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { TokenInvalidError, TokenNotRenewedError } from '../../src/wechat/errors/index.js';
import { startTokenCacheWorld, type TokenCacheWorld } from '../helpers/token-cache-world.js';

const HOURS_2 = 7_200_000;
const MARGIN = 5 * 60_000;
/** Real time a loaded CI box may spend between two awaits of one test. */
const SLACK = 30_000;
const PUBLISHED = '/cgi-bin/freepublish/batchget';

let world: TokenCacheWorld;

beforeAll(async () => {
  world = await startTokenCacheWorld('token-cache');
});

afterAll(async () => {
  await world.close();
});

async function tokenCalls(appId: string): Promise<number> {
  return (await world.sim.control.stats(appId)).tokenCalls;
}

/** Polls until `predicate` holds: for waiting on Redis's own key expiry, which announces nothing. */
async function until(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('TokenCache.get', () => {
  test('serves the cached token without calling WeChat, to this and other caches; Redis TTL = time to expiry', async () => {
    const app = await world.newApp();
    const cache = world.newCache();
    const first = await cache.get(app);
    expect((await cache.get(app)).equals(first)).toBe(true);
    expect((await world.newCache({ redis: world.newConnection() }).get(app)).equals(first)).toBe(true);

    const stats = await world.sim.control.stats(app.appId);
    expect(stats.tokenCalls).toBe(1);
    expect(stats.callsByEndpoint).toEqual({ '/cgi-bin/stable_token': 1 });
    const pttl = await world.redis.pttl(world.keys.token(app.appId));
    expect(pttl).toBeGreaterThan(HOURS_2 - SLACK);
    expect(pttl).toBeLessThanOrEqual(HOURS_2);
    const peek = await cache.peek(app.appId);
    expect(peek.cached).toBe(true);
    expect(peek.expiresAt).toBeGreaterThan(Date.now() + HOURS_2 - SLACK);
    // The cached token is the one WeChat issued: a data call accepts it.
    await expect(world.client.getMaterialCount(app.appId, first)).resolves.toHaveProperty('news_count');
  });

  test('a token within the margin of expiry is refreshed exactly once; outside it, not at all', async () => {
    const app = await world.newApp();
    let offset = 0;
    const now = () => Date.now() + offset;
    // Cache and client share a clock that moves with the simulator's, as real time would.
    const client = new WeChatClient({ baseUrl: world.sim.url, timeoutMs: 5_000, now });
    const advance = async (ms: number) => {
      offset += ms;
      await world.sim.control.advanceClock(ms);
    };
    try {
      const cache = world.newCache({ source: tokenSourceFor(client), now });
      const first = await cache.get(app);
      await advance(HOURS_2 - MARGIN - 2 * SLACK);
      expect((await cache.get(app)).equals(first)).toBe(true);
      expect(await tokenCalls(app.appId)).toBe(1);

      await advance(3 * SLACK);
      const refreshed = await Promise.all([cache.get(app), cache.get(app), cache.get(app)]);
      expect(refreshed[0]!.equals(first)).toBe(false);
      expect(refreshed.every((token) => token.equals(refreshed[0]!))).toBe(true);
      expect((await cache.get(app)).equals(refreshed[0]!)).toBe(true);
      const stats = await world.sim.control.stats(app.appId);
      expect([stats.tokenCalls, stats.tokensIssued]).toEqual([2, 2]);
    } finally {
      client.close();
    }
  });

  test('a token is gone from Redis when it expires (key PX), and the next get fetches a new one', async () => {
    const app = await world.newApp({ tokenTtlSec: 2 });
    const cache = world.newCache({ endpoint: 'token' });
    const key = world.keys.token(app.appId);
    const first = await cache.get(app);
    const pttl = await world.redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(2_000);

    await until(async () => (await world.redis.exists(key)) === 0, 5_000);
    expect(await cache.peek(app.appId)).toEqual({ cached: false, expiresAt: null });
    expect((await cache.get(app)).equals(first)).toBe(false);
    expect((await world.sim.control.stats(app.appId)).callsByEndpoint).toEqual({ '/cgi-bin/token': 2 });
  });

  test('50 concurrent gets in one process make one token call and share its token', async () => {
    const app = await world.newApp({ tokenLatencyMs: 200 });
    const cache = world.newCache();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get(app)));
    expect(tokens.every((token) => token.equals(tokens[0]!))).toBe(true);
    expect(await tokenCalls(app.appId)).toBe(1);
  });
});

describe('TokenCache.invalidate', () => {
  test('compare-and-delete: the current token is removed, an older one never removes a newer', async () => {
    const app = await world.newApp();
    const cache = world.newCache({ endpoint: 'token' });
    const old = await cache.get(app);
    expect(await cache.invalidate(app.appId, old)).toBe(true);
    expect((await cache.peek(app.appId)).cached).toBe(false);

    const newer = await cache.get(app);
    expect(newer.equals(old)).toBe(false);
    expect(await cache.invalidate(app.appId, old)).toBe(false);
    expect((await cache.get(app)).equals(newer)).toBe(true);
    expect(await tokenCalls(app.appId)).toBe(2);

    expect(await cache.invalidate(app.appId, newer)).toBe(true);
    expect(await world.redis.exists(world.keys.token(app.appId))).toBe(0);
    expect(await cache.invalidate(app.appId, newer)).toBe(false);
  });
});

describe('TokenCache.withToken', () => {
  function publishedPage(app: AppCredentials, seen: AccessToken[]) {
    return (token: AccessToken) => {
      seen.push(token);
      return world.client.batchGetPublished(app.appId, token, { offset: 0, count: 2 });
    };
  }

  test('a token that expired early: one normal refresh, fn retried once and succeeds', async () => {
    const app = await world.newApp({ seed: { articles: 3 } });
    const cache = world.newCache();
    await world.sim.control.addFault(app.appId, { kind: 'token-expired', endpoint: PUBLISHED, times: 1 });
    const seen: AccessToken[] = [];
    const page = await cache.withToken(app, publishedPage(app, seen));

    expect(page.total_count).toBe(3);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.equals(seen[0]!)).toBe(false);
    expect((await cache.get(app)).equals(seen[1]!)).toBe(true);
    // initial fetch + one refresh; WeChat gave a new token, so no forced refresh.
    expect(await tokenCalls(app.appId)).toBe(2);
  });

  test('a second consecutive rejection is thrown, after exactly two attempts', async () => {
    const app = await world.newApp({ seed: { articles: 3 } });
    const cache = world.newCache();
    await world.sim.control.addFault(app.appId, { kind: 'token-expired', endpoint: PUBLISHED, times: 2 });
    const seen: AccessToken[] = [];
    const attempt = cache.withToken(app, publishedPage(app, seen));

    await expect(attempt).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(attempt).rejects.toMatchObject({ errcode: 42001, appId: app.appId });
    expect(seen).toHaveLength(2);
    expect(await tokenCalls(app.appId)).toBe(2);
  });

  test('forces a refresh only when WeChat hands back the very token that was rejected', async () => {
    const app = await world.newApp();
    const cache = world.newCache();
    const seen: AccessToken[] = [];
    const count = await cache.withToken(app, async (token) => {
      seen.push(token);
      // What WeChat answers when a token it still hands out was invalidated elsewhere.
      if (seen.length === 1) {
        const errmsg =
          'invalid credential, access_token is invalid or not latest rid: 6931a0b2-1c2d3e4f-5a6b7c8d';
        throw new TokenInvalidError({
          errcode: 40001,
          errmsg,
          rid: null,
          appId: app.appId,
          endpoint: PUBLISHED,
        });
      }
      return world.client.getMaterialCount(app.appId, token);
    });

    expect(count).toHaveProperty('image_count');
    expect(seen[1]!.equals(seen[0]!)).toBe(false);
    // initial, normal refresh (same token back), forced refresh.
    expect(await tokenCalls(app.appId)).toBe(3);
    // Only a forced refresh revokes the old stable token.
    await expect(world.client.getMaterialCount(app.appId, seen[0]!)).rejects.toBeInstanceOf(
      TokenInvalidError,
    );
  });

  test('a forced refresh less than 30 s after the previous one brings back the rejected token: no loop, no cache, the attempt fails saying so', async () => {
    const app = await world.newApp({ seed: { articles: 3 } });
    const cache = world.newCache();
    // Someone forced a refresh just now; WeChat then refuses the current token once (40001
    // while stable_token still hands it out).
    const current = (await world.client.fetchStableToken(app, true)).token;
    await world.sim.control.addFault(app.appId, {
      kind: 'errcode',
      errcode: 40001,
      endpoint: PUBLISHED,
      times: 1,
    });
    const seen: AccessToken[] = [];

    const attempt = cache.withToken(app, publishedPage(app, seen));

    await expect(attempt).rejects.toBeInstanceOf(TokenNotRenewedError);
    const err = (await attempt.catch((e: unknown) => e)) as TokenNotRenewedError;
    expect(err.retryAt).toBeGreaterThan(Date.now() + 25_000);
    expect(err.message).toContain('token it had just rejected');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.equals(current)).toBe(true);
    // The force above, the first fetch, the normal refresh and one force: no loop.
    expect(await tokenCalls(app.appId)).toBe(4);
    expect((await cache.peek(app.appId)).cached).toBe(false);
    // WeChat still takes that token: the refusal was not WeChat revoking it.
    await expect(world.client.getMaterialCount(app.appId, current)).resolves.toHaveProperty('image_count');

    // Once the 30 s have passed, the same refusal gets a new token and the call succeeds.
    await world.sim.control.advanceClock(30_000);
    await world.sim.control.addFault(app.appId, {
      kind: 'errcode',
      errcode: 40001,
      endpoint: PUBLISHED,
      times: 1,
    });
    const page = await cache.withToken(app, publishedPage(app, seen));
    expect(page.total_count).toBe(3);
    expect(seen[seen.length - 1]!.equals(current)).toBe(false);
  });

  test('errors other than a token rejection pass through without a refresh or retry', async () => {
    const app = await world.newApp();
    const cache = world.newCache();
    let attempts = 0;
    const boom = new RangeError('not a token problem');
    await expect(
      cache.withToken(app, async () => {
        attempts += 1;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(attempts).toBe(1);
    expect(await tokenCalls(app.appId)).toBe(1);
  });
});

describe('logging', () => {
  test('refreshes are logged at debug with appId and expiresAt; no log line holds a token or the secret', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const app = await world.newApp({ seed: { articles: 1 } });
    const cache = world.newCache({ logger });
    await world.sim.control.addFault(app.appId, { kind: 'token-expired', endpoint: PUBLISHED, times: 1 });
    const seen: AccessToken[] = [];
    await cache.withToken(app, (token) => {
      seen.push(token);
      return world.client.batchGetPublished(app.appId, token, { offset: 0, count: 1 });
    });

    const refreshed = lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === 'token refreshed');
    expect(refreshed).toHaveLength(2);
    for (const entry of refreshed) {
      expect(entry).toMatchObject({ level: 20, appId: app.appId });
      expect(entry.expiresAt).toBeGreaterThan(Date.now());
    }
    const output = lines.join('');
    expect(seen).toHaveLength(2);
    for (const token of seen) expect(output).not.toContain(token.reveal());
    expect(output).not.toContain(app.appSecret.reveal());
  });
});
