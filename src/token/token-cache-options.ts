import { type Logger, pino } from 'pino';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { TokenFight } from './token-fight.js';
import type { TokenSource } from './token-source.js';

export interface TokenCacheOptions {
  /** Command connection (a `client` role connection). The cache never closes it. */
  redis: RedisClient;
  keys: RedisKeys;
  source: TokenSource;
  /** A cached token this close to expiry is refreshed. Default 5 min (capped at half a token's lifetime). */
  refreshMarginMs?: number;
  /** How long a process waits for another process's refresh before TokenWaitTimeoutError. Default 15 s. */
  waitTimeoutMs?: number;
  /**
   * Lifetime of the cross-process refresh guard, so a refresher that died does not block
   * the app for ever. Must exceed what one refresh can take: up to two token calls (a
   * normal one, then a forced one) of the client's timeout each. Default 30 s.
   */
  refreshLockTtlMs?: number;
  /** How often a waiter re-checks Redis in case it missed the pub/sub announcement. Default 1 s. */
  recheckIntervalMs?: number;
  /** How long a failed refresh's error is kept for the processes that waited on it. Default 10 s. */
  failureTtlMs?: number;
  /** Clock for token expiry (epoch ms); waits and timeouts use the monotonic clock. Default Date.now. */
  now?: () => number;
  logger?: Logger;
  /** Told whether each lookup was served from the cache (metrics). Default: nobody. */
  onLookup?: (hit: boolean) => void;
  /** Told of each token fight a rejection reveals (metrics, the fight log). Must not throw. Default: nobody. */
  onTokenFight?: (fight: TokenFight) => void;
}

export const TOKEN_CACHE_DEFAULTS = {
  refreshMarginMs: 5 * 60_000,
  waitTimeoutMs: 15_000,
  refreshLockTtlMs: 30_000,
  recheckIntervalMs: 1_000,
  failureTtlMs: 10_000,
} as const;

export type ResolvedTokenCacheOptions = Required<TokenCacheOptions>;

/** Fills in defaults and rejects settings that cannot work (a programming error, so it throws at once). */
export function resolveTokenCacheOptions(opts: TokenCacheOptions): ResolvedTokenCacheOptions {
  const resolved: ResolvedTokenCacheOptions = {
    ...TOKEN_CACHE_DEFAULTS,
    now: Date.now,
    logger: pino({ level: 'silent' }),
    onLookup: () => {},
    onTokenFight: () => {},
    ...withoutUndefined(opts),
  };
  for (const name of Object.keys(TOKEN_CACHE_DEFAULTS) as Array<keyof typeof TOKEN_CACHE_DEFAULTS>) {
    const value = resolved[name];
    const zeroAllowed = name === 'refreshMarginMs';
    if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
      throw new RangeError(
        `TokenCache: ${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number of ms`,
      );
    }
  }
  return resolved;
}

function withoutUndefined(opts: TokenCacheOptions): TokenCacheOptions {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as TokenCacheOptions;
}
