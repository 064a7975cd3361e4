import { pino } from 'pino';
import type { AppConfig } from '../../config/index.js';
import { AccountLock } from '../../lock/index.js';
import {
  createPlatformTokens,
  openPlatformStores,
  type PlatformDeps,
  type PlatformStores,
} from '../../platform/index.js';
import { RedisKeys } from '../../redis/keys.js';
import { createTokenCache } from '../../token/create-token-cache.js';
import type { TokenCache } from '../../token/token-cache.js';
import { WeChatClient } from '../../wechat/client.js';
import type { CliSession } from '../cli-session.js';

export interface OpsProbes {
  tokens: TokenCache;
  lock: AccountLock;
  /** The platform operations (status, recovery, links); null without configured platforms. */
  platform: PlatformDeps | null;
  close(): Promise<void>;
}

/**
 * The token cache and lock a diagnosis needs, on the session's connection: the same
 * cache the workers use, so a check joins their single flight and reuses their token.
 * With platforms configured, the platform stores (PostgreSQL with STORE_URL) and the
 * component token cache too, so platform accounts get their tokens the workers' way.
 */
export async function openOpsProbes(config: AppConfig, session: CliSession): Promise<OpsProbes> {
  const keys = new RedisKeys(config.queuePrefix);
  const client = new WeChatClient({
    baseUrl: config.wechatApiBase,
    timeoutMs: config.wechatTimeoutMs,
    proxyUrl: config.wechatProxyUrl?.reveal() ?? null,
  });
  // The CLI prints what matters itself; the library's own lines would only interleave.
  const logger = pino({ level: 'silent' });
  let stores: PlatformStores | null = null;
  try {
    stores =
      config.platforms.length > 0
        ? await openPlatformStores({ storeUrl: config.storeUrl, redis: session.redis, keys, logger })
        : null;
  } catch (err) {
    client.close();
    throw err;
  }
  const platformTokens = stores
    ? createPlatformTokens({ config, redis: session.redis, keys, client, stores, logger })
    : null;
  const tokens = createTokenCache({
    config,
    redis: session.redis,
    keys,
    client,
    platformSource: platformTokens?.authorizerSource ?? null,
  });
  // The TTL only matters for acquiring, which the CLI never does.
  const lock = new AccountLock({ redis: session.redis, keys, ttlMs: config.lockTtlMs });
  const platform: PlatformDeps | null =
    stores && platformTokens
      ? {
          platforms: config.platforms,
          accounts: config.accounts,
          stores,
          componentTokens: platformTokens.componentTokens,
          component: client.component,
          now: Date.now,
          logger,
        }
      : null;
  return {
    tokens,
    lock,
    platform,
    async close() {
      await tokens.close();
      await platformTokens?.componentTokens.close();
      await stores?.close();
      client.close();
    },
  };
}
