import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { Account } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import {
  AuthorizationRevokedError,
  authorizerTokenSource,
  componentApp,
  componentTokenSource,
  createPlatformTokens,
  redisPlatformStores,
} from '../../src/platform/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createTokenCache } from '../../src/token/create-token-cache.js';
import type { TokenCache } from '../../src/token/token-cache.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { AuthorizationInvalidError, ComponentTicketError } from '../../src/wechat/errors/index.js';
import { captureLog } from '../helpers/log-capture.js';
import {
  COMPONENT_APP_ID,
  PLATFORM,
  PLATFORM_ID,
  type PlatformWorld,
  startPlatformWorld,
} from '../helpers/platform-world.js';
import { createTestRedis } from '../helpers/redis.js';

const ACCOUNTS = 12;
/** Independent token caches, each on its own Redis connection, as separate worker processes have. */
const PROCESSES = 5;

let world: PlatformWorld;
const log = captureLog();

beforeAll(async () => {
  world = await startPlatformWorld({ name: 'tokens', count: ACCOUNTS, worker: false });
  await world.authorize(world.accounts);
  await world.pushTicket();
}, 60_000);

afterAll(async () => {
  await world.close();
});

interface Process {
  tokens: TokenCache;
  componentTokens: TokenCache;
  close(): Promise<void>;
}

/** What one worker process builds: its own connection, client, stores and both caches. */
function startProcess(): Process {
  const redis = createTestRedis();
  const keys = new RedisKeys(world.prefix);
  const client = new WeChatClient({ baseUrl: world.sim.url, timeoutMs: 5_000 });
  const stores = redisPlatformStores(redis, keys);
  const { componentTokens, authorizerSource } = createPlatformTokens({
    config: world.config,
    redis,
    keys,
    client,
    stores,
    logger: log.logger,
  });
  const tokens = createTokenCache({
    config: world.config,
    redis,
    keys,
    client,
    logger: log.logger,
    platformSource: authorizerSource,
  });
  return {
    tokens,
    componentTokens,
    async close() {
      await tokens.close();
      await componentTokens.close();
      client.close();
      await redis.quit();
    },
  };
}

/** Drops every cached token of the test (account and component), so the next get refreshes. */
async function dropCachedTokens(accounts: readonly Account[] = world.accounts): Promise<void> {
  const keys = new RedisKeys(world.prefix);
  await world.redis.del(...accounts.map((a) => keys.token(a.appId)), keys.token(COMPONENT_APP_ID));
}

afterEach(async () => {
  await world.sim.control.platform.patch(COMPONENT_APP_ID, { rotateRefreshToken: false });
});

describe('single flight across processes', () => {
  test(`${PROCESSES} processes × ${ACCOUNTS} accounts × 4 callers: one component token, one authorizer token per account`, async () => {
    await dropCachedTokens();
    await world.sim.control.platform.resetStats(COMPONENT_APP_ID);
    const processes = Array.from({ length: PROCESSES }, startProcess);
    try {
      const tokens = await Promise.all(
        processes.flatMap((p) =>
          world.accounts.flatMap((account) => Array.from({ length: 4 }, () => p.tokens.get(account))),
        ),
      );
      // Every caller of one account got the same token.
      for (let a = 0; a < ACCOUNTS; a += 1) {
        const ofAccount = tokens.filter((_, i) => Math.floor(i / 4) % ACCOUNTS === a).map((t) => t.reveal());
        expect(new Set(ofAccount).size).toBe(1);
      }
      const stats = await world.sim.control.platform.stats(COMPONENT_APP_ID);
      expect(stats.componentTokensIssued).toBe(1);
      expect(stats.componentTokenCalls).toBe(1);
      expect(stats.authorizerTokenCalls).toBe(ACCOUNTS);
      expect(Object.values(stats.authorizerTokensIssued)).toEqual(Array(ACCOUNTS).fill(1));
      expect(Object.keys(stats.authorizerTokensIssued).sort()).toEqual(
        world.accounts.map((a) => a.appId).sort(),
      );
    } finally {
      for (const p of processes) await p.close();
    }
  }, 60_000);

  test('the same calls without the cache issue a token per call: the counters above would catch a missing guard', async () => {
    await dropCachedTokens();
    await world.sim.control.platform.resetStats(COMPONENT_APP_ID);
    const processes = Array.from({ length: PROCESSES }, startProcess);
    const client = new WeChatClient({ baseUrl: world.sim.url, timeoutMs: 5_000 });
    try {
      const source = componentTokenSource({
        tickets: world.services.platformStores.tickets,
        component: client.component,
        now: Date.now,
      });
      await Promise.all(Array.from({ length: PROCESSES }, () => source.fetch(componentApp(PLATFORM), false)));
      const [first] = world.accounts;
      if (!first) throw new Error('no account');
      // Each process's authorizer source, bypassing the account token cache (its component token is cached).
      await Promise.all(
        processes.map((p) =>
          authorizerTokenSource({
            platforms: new Map([[PLATFORM_ID, PLATFORM]]),
            authorizations: world.services.platformStores.authorizations,
            componentTokens: p.componentTokens,
            component: client.component,
            now: Date.now,
            logger: log.logger,
          }).fetch(first, false),
        ),
      );
      const stats = await world.sim.control.platform.stats(COMPONENT_APP_ID);
      expect(stats.componentTokensIssued).toBe(PROCESSES + 1);
      expect(stats.authorizerTokensIssued[first.appId]).toBe(PROCESSES);
    } finally {
      client.close();
      for (const p of processes) await p.close();
    }
  }, 60_000);
});

describe('the ticket', () => {
  test('none stored, or older than 12 h: ComponentTicketError (retried later) without calling WeChat', async () => {
    const p = startProcess();
    const keys = new RedisKeys(world.prefix);
    const stored = await world.services.platformStores.tickets.get(PLATFORM_ID);
    try {
      await dropCachedTokens();
      await world.sim.control.platform.resetStats(COMPONENT_APP_ID);
      await world.redis.del(keys.platformTicket(PLATFORM_ID));
      const none = await p.componentTokens.get(componentApp(PLATFORM)).catch((err: unknown) => err);
      expect(none).toBeInstanceOf(ComponentTicketError);
      expect((none as ComponentTicketError).retry).toBe('backoff');
      expect((none as ComponentTicketError).message).toContain('no component_verify_ticket stored yet');

      await world.services.platformStores.tickets.save(PLATFORM_ID, {
        ticket: new Sensitive('ticket@@@stale'),
        createdAt: Date.now() - 13 * 3_600_000,
      });
      const old = await p.componentTokens.get(componentApp(PLATFORM)).catch((err: unknown) => err);
      expect(old).toBeInstanceOf(ComponentTicketError);
      expect((old as Error).message).toContain('older than 12 hours');
      expect((await world.sim.control.platform.stats(COMPONENT_APP_ID)).componentTokenCalls).toBe(0);
    } finally {
      await world.redis.del(keys.platformTicket(PLATFORM_ID));
      if (stored) await world.services.platformStores.tickets.save(PLATFORM_ID, stored);
      await p.close();
    }
  });

  test('a ticket WeChat expired (61005) is ComponentTicketError from WeChat, retried later', async () => {
    const p = startProcess();
    try {
      await dropCachedTokens();
      await world.sim.control.platform.expireTickets(COMPONENT_APP_ID);
      const err = await p.componentTokens.get(componentApp(PLATFORM)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ComponentTicketError);
      expect((err as ComponentTicketError).errcode).toBe(61005);
    } finally {
      await world.pushTicket();
      await p.close();
    }
  });
});

describe('refresh tokens', () => {
  test('a rotated refresh token is written back, so the next refresh works (no 61023)', async () => {
    const [account] = world.accounts;
    if (!account) throw new Error('no account');
    await world.sim.control.platform.patch(COMPONENT_APP_ID, { rotateRefreshToken: true });
    const p = startProcess();
    try {
      const simToken = async () =>
        (await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).find(
          (a) => a.authorizerAppId === account.appId,
        )?.refreshToken;
      const storedToken = async () =>
        (
          await world.services.platformStores.authorizations.get(PLATFORM_ID, account.appId)
        )?.refreshToken.reveal();
      const before = await storedToken();
      for (let round = 0; round < 3; round += 1) {
        await dropCachedTokens([account]);
        await p.tokens.get(account);
        expect(await storedToken()).toBe(await simToken());
      }
      expect(await storedToken()).not.toBe(before);
    } finally {
      await p.close();
    }
  });

  test('61023: AuthorizationInvalidError, never retried, and the authorisation is stored as revoked', async () => {
    const account = world.accounts.at(-1);
    if (!account) throw new Error('no account');
    const p = startProcess();
    try {
      await dropCachedTokens([account]);
      await world.sim.control.platform.revoke(COMPONENT_APP_ID, account.appId);
      const err = await p.tokens.get(account).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthorizationInvalidError);
      expect((err as AuthorizationInvalidError).errcode).toBe(61023);
      expect((err as AuthorizationInvalidError).retry).toBe('never');
      const record = await world.services.platformStores.authorizations.get(PLATFORM_ID, account.appId);
      expect(record?.state).toBe('revoked');
      expect(record?.revokedAt).toBeGreaterThan(Date.now() - 60_000);
      // From now on the store answers without a WeChat call.
      await world.sim.control.platform.resetStats(COMPONENT_APP_ID);
      const again = await p.tokens.get(account).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(AuthorizationRevokedError);
      expect((await world.sim.control.platform.stats(COMPONENT_APP_ID)).authorizerTokenCalls).toBe(0);
    } finally {
      await p.close();
    }
  });
});

test('no token, refresh token, ticket or component secret in any log line', async () => {
  const secrets = (await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).map((a) => a.refreshToken);
  const ticket = (await world.services.platformStores.tickets.get(PLATFORM_ID))?.ticket.reveal();
  const text = [...log.lines, ...world.log.lines].join('\n');
  expect(text.length).toBeGreaterThan(0);
  for (const secret of [...secrets, ticket, PLATFORM.componentAppSecret.reveal()]) {
    if (secret) expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/"(component_)?access_token"\s*:\s*"[^[]/);
});
