import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { TokenCache } from '../token/token-cache.js';
import type { TokenSource } from '../token/token-source.js';
import type { WeChatClient } from '../wechat/client.js';
import { authorizerTokenSource } from './authorizer-token-source.js';
import { componentTokenSource } from './component-token.js';
import type { PlatformStores } from './platform-stores.js';

export interface PlatformTokens {
  /** component_access_tokens, one per platform per lifetime across all processes (keyed by component AppID). */
  componentTokens: TokenCache;
  /** The source the account token cache uses for accounts authorised through a platform. */
  authorizerSource: TokenSource;
}

export interface PlatformTokensWiring {
  config: Pick<AppConfig, 'platforms' | 'tokenRefreshMarginMs' | 'wechatTimeoutMs'>;
  redis: RedisClient;
  keys: RedisKeys;
  client: Pick<WeChatClient, 'component'>;
  stores: PlatformStores;
  logger: Logger;
  now?: () => number;
}

/** The component token cache and the authorizer source, wired the same way in every role. */
export function createPlatformTokens(w: PlatformTokensWiring): PlatformTokens {
  const now = w.now ?? Date.now;
  const componentTokens = new TokenCache({
    redis: w.redis,
    keys: w.keys,
    source: componentTokenSource({ tickets: w.stores.tickets, component: w.client.component, now }),
    refreshMarginMs: w.config.tokenRefreshMarginMs,
    // One api_component_token call per refresh.
    refreshLockTtlMs: w.config.wechatTimeoutMs + 10_000,
    waitTimeoutMs: w.config.wechatTimeoutMs + 10_000,
    now,
    logger: w.logger.child({ component: 'component-token-cache' }),
  });
  const authorizerSource = authorizerTokenSource({
    platforms: new Map(w.config.platforms.map((p) => [p.platformId, p])),
    authorizations: w.stores.authorizations,
    componentTokens,
    component: w.client.component,
    now,
    logger: w.logger.child({ component: 'authorizer-tokens' }),
  });
  return { componentTokens, authorizerSource };
}
