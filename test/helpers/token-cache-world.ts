import type { Redis } from 'ioredis';
import { Sensitive } from '../../src/config/sensitive.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { TokenCache, type TokenCacheOptions } from '../../src/token/token-cache.js';
import { type TokenEndpoint, tokenSourceFor } from '../../src/token/token-source.js';
import type { AppCredentials } from '../../src/wechat/access-token.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { type AppConfigInput, type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from './redis.js';

/**
 * What the token cache tests run against: the WeChat simulator, a real WeChatClient,
 * real Redis under a prefix of their own. Everything made through it is closed by close().
 */
export interface TokenCacheWorld {
  sim: SimulatorHandle;
  client: WeChatClient;
  redis: Redis;
  keys: RedisKeys;
  /** A new simulated app (unique id) with `cfg` (default: secret only, no whitelist). */
  newApp(cfg?: Partial<AppConfigInput>): Promise<AppCredentials>;
  /** A TokenCache over the world's client; pass `redis` for a separate connection (another "process"). */
  newCache(opts?: Partial<TokenCacheOptions> & { endpoint?: TokenEndpoint }): TokenCache;
  /** Another command connection, closed with the world. */
  newConnection(): Redis;
  close(): Promise<void>;
}

export async function startTokenCacheWorld(name: string): Promise<TokenCacheWorld> {
  const sim = await startSimulator();
  const client = new WeChatClient({ baseUrl: sim.url, timeoutMs: 5_000 });
  const redis = createTestRedis();
  const keys = new RedisKeys(uniquePrefix(name));
  const caches: TokenCache[] = [];
  const connections: Redis[] = [redis];
  let apps = 0;

  return {
    sim,
    client,
    redis,
    keys,
    async newApp(cfg = {}) {
      apps += 1;
      const appId = `wx${apps.toString(16).padStart(16, '0')}`;
      const secret = `secret-${appId}-0123456789abcdef`;
      await sim.control.putApp(appId, { secret, ...cfg });
      return { appId, appSecret: new Sensitive(secret) };
    },
    newCache({ endpoint = 'stable', ...opts } = {}) {
      const cache = new TokenCache({ redis, keys, source: tokenSourceFor(client, endpoint), ...opts });
      caches.push(cache);
      return cache;
    },
    newConnection() {
      const connection = createTestRedis();
      connections.push(connection);
      return connection;
    },
    async close() {
      await Promise.allSettled(caches.map((cache) => cache.close()));
      await deleteKeysWithPrefix(redis, keys.prefix);
      await Promise.allSettled(connections.map((connection) => connection.quit()));
      client.close();
      await sim.close();
    },
  };
}
