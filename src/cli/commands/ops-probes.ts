import type { AppConfig } from '../../config/index.js';
import { AccountLock } from '../../lock/index.js';
import { RedisKeys } from '../../redis/keys.js';
import { createTokenCache } from '../../token/create-token-cache.js';
import type { TokenCache } from '../../token/token-cache.js';
import { WeChatClient } from '../../wechat/client.js';
import type { CliSession } from '../cli-session.js';

export interface OpsProbes {
  tokens: TokenCache;
  lock: AccountLock;
  close(): Promise<void>;
}

/**
 * The token cache and lock a diagnosis needs, on the session's connection: the same
 * cache the workers use, so a check joins their single flight and reuses their token.
 */
export function openOpsProbes(config: AppConfig, session: CliSession): OpsProbes {
  const keys = new RedisKeys(config.queuePrefix);
  const client = new WeChatClient({
    baseUrl: config.wechatApiBase,
    timeoutMs: config.wechatTimeoutMs,
    proxyUrl: config.wechatProxyUrl?.reveal() ?? null,
  });
  const tokens = createTokenCache({ config, redis: session.redis, keys, client });
  // The TTL only matters for acquiring, which the CLI never does.
  const lock = new AccountLock({ redis: session.redis, keys, ttlMs: config.lockTtlMs });
  return {
    tokens,
    lock,
    async close() {
      await tokens.close();
      client.close();
    },
  };
}
