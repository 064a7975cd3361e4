import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Platform } from '../config/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { AccessToken, IssuedToken } from '../wechat/access-token.js';
import type { ComponentApi } from '../wechat/component-api.js';
import type { AuthorizationStore } from './authorization-store.js';

/** WeChat's auth codes live 10 minutes (expires_in=600); the guard outlives them a little. */
const GUARD_TTL_MS = 15 * 60_000;
const PENDING = 'pending';
const DONE = 'done:';

export interface ExchangeAuthCodeDeps {
  redis: RedisClient;
  keys: RedisKeys;
  authorizations: AuthorizationStore;
  /** Runs fn with the platform's component_access_token (the shared single-flight cache). */
  withComponentToken<T>(platform: Platform, fn: (token: AccessToken) => Promise<T>): Promise<T>;
  component: Pick<ComponentApi, 'queryAuth'>;
  /** Caches the authorizer token the grant carries (seedToken), so the first sync fetches none. */
  seedToken(appId: string, issued: IssuedToken): Promise<void>;
  now: () => number;
  logger: Logger;
}

export type ExchangeOutcome =
  | { status: 'exchanged'; authorizerAppId: string; funcIds: number[] }
  /** Another caller (the push or the redirect) already exchanged this code. */
  | { status: 'already-exchanged'; authorizerAppId: string }
  /** Another caller is exchanging it right now. */
  | { status: 'in-progress' };

function guardKey(keys: RedisKeys, platformId: string, authCode: string): string {
  const digest = createHash('sha256').update(authCode).digest('hex').slice(0, 32);
  return keys.platformAuthCode(platformId, digest);
}

function settled(value: string | null): ExchangeOutcome | null {
  if (value?.startsWith(DONE))
    return { status: 'already-exchanged', authorizerAppId: value.slice(DONE.length) };
  return null;
}

/**
 * Exchanges an account's authorisation code (api_query_auth) once, whoever brings it:
 * the `authorized` push and the administrator's redirect carry the same single-use code.
 * A Redis SET NX guard decides who calls WeChat; the winner stores the refresh token and
 * the granted permissions (clearing a revoked state: the record is replaced) and caches
 * the access token the grant carries. A failed exchange releases the guard so that the
 * other carrier of the code may try; WeChat's refusal is thrown as classified.
 */
export async function exchangeAuthCode(
  deps: ExchangeAuthCodeDeps,
  platform: Platform,
  authCode: string,
): Promise<ExchangeOutcome> {
  const key = guardKey(deps.keys, platform.platformId, authCode);
  const taken = await deps.redis.set(key, PENDING, 'PX', GUARD_TTL_MS, 'NX');
  if (taken !== 'OK') return settled(await deps.redis.get(key)) ?? { status: 'in-progress' };
  try {
    const grant = await deps.withComponentToken(platform, (token) =>
      deps.component.queryAuth(platform.componentAppId, token, authCode),
    );
    const at = deps.now();
    await deps.authorizations.put(platform.platformId, {
      authorizerAppId: grant.authorizerAppId,
      refreshToken: grant.refreshToken,
      funcIds: grant.funcIds,
      authorizedAt: at,
      updatedAt: at,
      state: 'authorized',
    });
    await deps.redis.set(key, `${DONE}${grant.authorizerAppId}`, 'PX', GUARD_TTL_MS);
    await deps.seedToken(grant.authorizerAppId, grant.token).catch((err: unknown) => {
      deps.logger.warn({ err, authorizerAppId: grant.authorizerAppId }, 'could not cache the granted token');
    });
    deps.logger.info(
      { platformId: platform.platformId, authorizerAppId: grant.authorizerAppId, funcIds: grant.funcIds },
      'account authorised the platform; refresh token stored',
    );
    return { status: 'exchanged', authorizerAppId: grant.authorizerAppId, funcIds: grant.funcIds };
  } catch (err) {
    await deps.redis.del(key).catch(() => undefined);
    throw err;
  }
}

/**
 * The outcome once a running exchange of the code by another caller ends, polled every
 * `pollMs` for at most `waitMs`: the landing page waits for the push that won the race.
 * In-progress past the wait; null when the other caller failed (the code is free again).
 */
export async function awaitExchange(
  deps: Pick<ExchangeAuthCodeDeps, 'redis' | 'keys'>,
  platformId: string,
  authCode: string,
  waitMs: number,
  pollMs = 100,
): Promise<ExchangeOutcome | null> {
  const key = guardKey(deps.keys, platformId, authCode);
  for (let waited = 0; ; waited += pollMs) {
    const value = await deps.redis.get(key);
    if (value === null) return null;
    const outcome = settled(value);
    if (outcome) return outcome;
    if (waited >= waitMs) return { status: 'in-progress' };
    await delay(pollMs);
  }
}
