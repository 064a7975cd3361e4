import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { budgetedTokenSource } from '../../src/token/budgeted-token-source.js';
import { ForceRefreshBudget } from '../../src/token/force-refresh-budget.js';
import { ForceRefreshBudgetError } from '../../src/token/force-refresh-budget-error.js';
import type { TokenFight } from '../../src/token/token-fight.js';
import { TokenFightLog } from '../../src/token/token-fight-log.js';
import { tokenSourceFor } from '../../src/token/token-source.js';
import { AccessToken } from '../../src/wechat/access-token.js';
import { startTokenCacheWorld, type TokenCacheWorld } from '../helpers/token-cache-world.js';

let world: TokenCacheWorld;

beforeAll(async () => {
  world = await startTokenCacheWorld('ws12-passive');
});

afterAll(async () => {
  await world.close();
});

const stats = (appId: string) => world.sim.control.stats(appId);

describe('TokenCache.refreshRejected (passive refresh)', () => {
  test('a rejected token that is no longer cached: the newer cached token at once, no WeChat call', async () => {
    const app = await world.newApp();
    const cache = world.newCache();
    const current = await cache.issued(app);
    const answer = await cache.refreshRejected(app, new AccessToken('86_an-older-token-someone-kept'));
    expect(answer.token.equals(current.token)).toBe(true);
    expect(answer.expiresAt).toBe(current.expiresAt);
    expect((await stats(app.appId)).tokenCalls).toBe(1);
  });

  test('500 callers reporting the cached token rejected (expired early at WeChat) cause one WeChat call', async () => {
    const app = await world.newApp();
    const caches = [world.newCache(), world.newCache({ redis: world.newConnection() })];
    const first = await caches[0]?.issued(app);
    if (!first) throw new Error('no token');
    await world.sim.control.expireTokens(app.appId);
    await world.sim.control.resetStats(app.appId);
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) => caches[i % 2]?.refreshRejected(app, first.token)),
    );
    const distinct = new Set(answers.map((a) => a?.token.reveal()));
    expect(distinct.size).toBe(1);
    expect(distinct.has(first.token.reveal())).toBe(false);
    expect((await stats(app.appId)).callsByEndpoint).toEqual({ '/cgi-bin/stable_token': 1 });
    // The new token works.
    const token = answers[0]?.token;
    if (!token) throw new Error('no token');
    await expect(world.client.getMaterialCount(app.appId, token)).resolves.toHaveProperty('news_count');
  });

  test('WeChat hands back the rejected token: one forced refresh, taken from the budget', async () => {
    const app = await world.newApp();
    const budget = new ForceRefreshBudget(world.redis, world.keys);
    const cache = world.newCache({ source: budgetedTokenSource(tokenSourceFor(world.client), budget) });
    const first = await cache.issued(app);
    const answer = await cache.refreshRejected(app, first.token);
    expect(answer.token.equals(first.token)).toBe(false);
    expect(await budget.usedToday(app.appId)).toBe(1);
    // A second report of the new token within 30 s is refused before reaching WeChat.
    const before = (await stats(app.appId)).tokenCalls;
    const err = await cache.refreshRejected(app, answer.token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForceRefreshBudgetError);
    expect((err as ForceRefreshBudgetError).reason).toBe('spacing');
    expect((err as Error).message).toMatch(/less than 30 s ago; allowed again at /);
    // The normal call was made (it handed back the same token); the forced one was not sent.
    expect((await stats(app.appId)).tokenCalls).toBe(before + 1);
  });
});

describe('ForceRefreshBudget', () => {
  test('20 a day per app, 30 s apart, across processes; refused calls name when they are allowed again', async () => {
    let now = Date.parse('2026-03-01T01:00:00Z'); // 09:00 in China
    const budgets = [world.redis, world.newConnection()].map(
      (redis) => new ForceRefreshBudget(redis, world.keys, () => now),
    );
    const appId = 'wx12000000000000f1';
    for (let i = 1; i <= 20; i += 1) {
      await expect(budgets[i % 2]?.take(appId)).resolves.toBe(i);
      const spaced = await budgets[(i + 1) % 2]?.take(appId).catch((e: unknown) => e);
      expect(spaced).toBeInstanceOf(ForceRefreshBudgetError);
      // The 20th used up the day: from then on the daily limit is what refuses.
      expect((spaced as ForceRefreshBudgetError).reason).toBe(i < 20 ? 'spacing' : 'daily');
      if (i < 20) expect((spaced as ForceRefreshBudgetError).retryAt).toBe(now + 30_000);
      now += 30_000;
    }
    const daily = await budgets[0]?.take(appId).catch((e: unknown) => e);
    expect(daily).toBeInstanceOf(ForceRefreshBudgetError);
    expect((daily as ForceRefreshBudgetError).reason).toBe('daily');
    expect(new Date((daily as ForceRefreshBudgetError).retryAt).toISOString()).toBe(
      '2026-03-01T16:00:00.000Z',
    );
    expect((daily as ForceRefreshBudgetError).retry).toBe('after');
    now = Date.parse('2026-03-01T16:00:00Z'); // midnight in China: a new day
    await expect(budgets[1]?.take(appId)).resolves.toBe(1);
  });
});

describe('token fights', () => {
  test('another system forcing a refresh makes our fresh token "not latest": counted, logged in Redis', async () => {
    const app = await world.newApp();
    const fights: TokenFight[] = [];
    const cache = world.newCache({ onTokenFight: (fight) => fights.push(fight) });
    const ours = await cache.issued(app);
    // The other system: its own stable_token force refresh, which kills our token at WeChat.
    await world.client.fetchStableToken(app, true);
    const result = await cache.withToken(app, (token) => world.client.getMaterialCount(app.appId, token));
    expect(result).toHaveProperty('news_count');
    expect(fights).toHaveLength(1);
    expect(fights[0]?.appId).toBe(app.appId);
    expect(fights[0]?.remainingMs).toBeGreaterThan(ours.expiresAt - Date.now() - 60_000);

    const log = new TokenFightLog(world.redis, world.keys);
    await log.record(fights[0] as TokenFight);
    const summary = await log.summary(app.appId, Date.now());
    expect(summary.count).toBe(1);
    expect(summary.lastAt).toBe(fights[0]?.at);
  });

  test('a token that expired (42001) or one near its end is not a fight', async () => {
    const app = await world.newApp();
    const fights: TokenFight[] = [];
    const cache = world.newCache({ onTokenFight: (fight) => fights.push(fight) });
    await cache.issued(app);
    await world.sim.control.expireTokens(app.appId);
    await cache.withToken(app, (token) => world.client.getMaterialCount(app.appId, token));
    expect(fights).toEqual([]);
  });
});
