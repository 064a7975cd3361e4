import type { Logger } from 'pino';
import type { Account, Platform, Sensitive, TokenClient } from '../config/index.js';
import type { AuthorizationProbe, TokenProbe } from '../diagnosis/index.js';
import { describeEgress, type Egress } from '../egress/index.js';
import type { AccountLock } from '../lock/index.js';
import type { PromMetrics } from '../metrics/index.js';
import { AuthorizationGate, type PlatformDeps, type PlatformStores } from '../platform/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { ForceRefreshBudget } from '../token/force-refresh-budget.js';
import type { TokenCache } from '../token/token-cache.js';
import { TokenFightLog } from '../token/token-fight-log.js';
import type { WeChatClient } from '../wechat/client.js';

/**
 * What the operator routes need beyond the producer's queue and Redis: the token cache
 * for live checks, the lock for listing and cleanup, and the process's metrics. The
 * entry points hand over their Services' ones (see operationsFrom).
 */
export interface ApiOperations {
  /** With their credentials: the live token check needs them. */
  accounts: readonly Account[];
  tokens: TokenProbe;
  lock: Pick<AccountLock, 'listHolders' | 'forceRelease'>;
  metrics: PromMetrics;
  /** What diagnosis adds about tokens and egress; absent = not reported. */
  diagnosisExtras?: {
    egress: Egress;
    fights: Pick<TokenFightLog, 'summary'>;
    forceBudget: Pick<ForceRefreshBudget, 'usedToday'>;
    authorityOn: boolean;
    /** Platform accounts' stored authorisations; absent without platforms. */
    authorization?: AuthorizationProbe;
  };
  /** The token authority (TOKEN_CLIENTS_FILE); absent = its routes are not mounted. */
  authority?: {
    clients: readonly TokenClient[];
    tokens: Pick<TokenCache, 'issued' | 'refreshRejected'>;
    keys: RedisKeys;
    /** The token cache's own connection, which also keeps the per-client rate-limit counters. */
    redis: RedisClient;
  };
  /** Third-party platforms (status, recovery, authorisation links); absent = none configured. */
  platform?: PlatformDeps;
}

export function operationsFrom(services: {
  config: {
    accounts: readonly Account[];
    platforms?: readonly Platform[];
    tokenClients?: readonly TokenClient[];
    wechatProxyUrl?: Sensitive | null;
  };
  /** With platforms configured: the services' platform parts. */
  platformStores?: PlatformStores;
  componentTokens?: PlatformDeps['componentTokens'];
  client?: Pick<WeChatClient, 'component'>;
  logger?: Logger;
  tokens: TokenProbe & Pick<TokenCache, 'issued' | 'refreshRejected'>;
  lock: ApiOperations['lock'];
  metrics: PromMetrics;
  keys: RedisKeys;
  redis: RedisClient;
}): ApiOperations {
  const { tokens, lock, metrics, keys, redis } = services;
  const clients = services.config.tokenClients ?? [];
  return {
    accounts: services.config.accounts,
    tokens,
    lock,
    metrics,
    diagnosisExtras: {
      egress: describeEgress(services.config.wechatProxyUrl?.reveal() ?? null),
      fights: new TokenFightLog(redis, keys),
      forceBudget: new ForceRefreshBudget(redis, keys),
      authorityOn: clients.length > 0,
      ...authorizationPart(services),
    },
    ...(clients.length > 0 ? { authority: { clients, tokens, keys, redis } } : {}),
    ...platformPart(services),
  };
}

function authorizationPart(services: Parameters<typeof operationsFrom>[0]): {
  authorization?: AuthorizationProbe;
} {
  const platforms = services.config.platforms ?? [];
  if (platforms.length === 0 || !services.platformStores) return {};
  return { authorization: new AuthorizationGate(platforms, services.platformStores.authorizations) };
}

function platformPart(services: Parameters<typeof operationsFrom>[0]): { platform?: PlatformDeps } {
  const platforms = services.config.platforms ?? [];
  const { platformStores, componentTokens, client, logger } = services;
  if (platforms.length === 0 || !platformStores || !componentTokens || !client || !logger) return {};
  return {
    platform: {
      platforms,
      accounts: services.config.accounts,
      stores: platformStores,
      componentTokens,
      component: client.component,
      now: Date.now,
      logger: logger.child({ component: 'platform' }),
    },
  };
}
