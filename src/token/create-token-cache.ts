import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { instrumentTokenSource, type Metrics, NO_METRICS } from '../metrics/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { WeChatClient } from '../wechat/client.js';
import { budgetedTokenSource } from './budgeted-token-source.js';
import { ForceRefreshBudget } from './force-refresh-budget.js';
import { TokenCache } from './token-cache.js';
import { TokenFightLog } from './token-fight-log.js';
import { type TokenSource, tokenSourceFor } from './token-source.js';
import { tokenSourceByApp } from './token-source-by-app.js';

export interface TokenCacheWiring {
  config: Pick<AppConfig, 'tokenEndpoint' | 'tokenRefreshMarginMs' | 'wechatTimeoutMs'>;
  redis: RedisClient;
  keys: RedisKeys;
  client: Pick<WeChatClient, 'fetchToken' | 'fetchStableToken'>;
  metrics?: Metrics;
  logger?: Logger;
  /**
   * Tokens of accounts authorised through a third-party platform (authorizerTokenSource);
   * null or absent = no such accounts. Not budgeted: forced refreshes are a stable_token thing.
   */
  platformSource?: TokenSource | null;
}

/**
 * The token cache every role uses, wired the same way: token calls counted, forced
 * stable_token refreshes taken from the app's cross-process budget, token fights counted
 * and logged in Redis for `diagnose`.
 */
export function createTokenCache(w: TokenCacheWiring): TokenCache {
  const metrics = w.metrics ?? NO_METRICS;
  const counted = instrumentTokenSource(tokenSourceFor(w.client, w.config.tokenEndpoint), metrics);
  const ownSecret =
    w.config.tokenEndpoint === 'stable'
      ? budgetedTokenSource(counted, new ForceRefreshBudget(w.redis, w.keys))
      : counted;
  // Not counted as token fetches: its WeChat calls are counted by the client, and a revoked
  // account's refusal (no call made) must not look like a failing token endpoint.
  const platform = w.platformSource ?? null;
  const source = tokenSourceByApp(ownSecret, platform);
  // A platform account's refresh may make a component token call too (and retry it once).
  const calls = platform ? 4 : 2;
  const fights = new TokenFightLog(w.redis, w.keys);
  const logger = w.logger;
  return new TokenCache({
    redis: w.redis,
    keys: w.keys,
    source,
    onLookup: (hit) => metrics.tokenLookup(hit),
    onTokenFight: (fight) => {
      metrics.tokenFight(fight.appId);
      fights
        .record(fight)
        .catch((err: unknown) => logger?.warn({ err, appId: fight.appId }, 'could not record a token fight'));
    },
    refreshMarginMs: w.config.tokenRefreshMarginMs,
    // A refresh may make two token calls (normal, then forced): the guard must outlive them.
    refreshLockTtlMs: calls * w.config.wechatTimeoutMs + 10_000,
    waitTimeoutMs: calls * w.config.wechatTimeoutMs + 10_000,
    ...(logger ? { logger } : {}),
  });
}
