import type { Logger } from 'pino';
import { AccountBlocks, AccountStatus } from '../accounts/index.js';
import type { AppConfig } from '../config/index.js';
import { AccountLock } from '../lock/index.js';
import { PromMetrics, wechatCallObserver } from '../metrics/index.js';
import {
  createPlatformTokens,
  openPostgresPlatformStores,
  type PlatformStores,
  redisPlatformStores,
} from '../platform/index.js';
import { connectRedis, type RedisClient } from '../redis/connection.js';
import { RedisKeys } from '../redis/keys.js';
import { openPostgresStore } from '../store/create-store.js';
import { RedisSyncStore, type SyncStore } from '../store/index.js';
import { createTokenCache } from '../token/create-token-cache.js';
import type { TokenCache } from '../token/token-cache.js';
import { WeChatClient } from '../wechat/client.js';

/**
 * The long-lived objects every role shares, built once from the config. Entry points
 * and tests build this, then hand pieces to the API, the scheduler or the worker.
 */
export interface Services {
  config: AppConfig;
  logger: Logger;
  keys: RedisKeys;
  /** Commands of the lock, token cache, store, blocks and status (retries a few times, then errors). */
  redis: RedisClient;
  client: WeChatClient;
  /** Access tokens of every account, whatever its mode (own AppSecret or a platform). */
  tokens: TokenCache;
  /** component_access_tokens of the platforms (keyed by component AppID; see componentApp()). */
  componentTokens: TokenCache;
  lock: AccountLock;
  store: SyncStore;
  /** Third-party platforms' authorisations and tickets (PostgreSQL with STORE_URL, else Redis). */
  platformStores: PlatformStores;
  blocks: AccountBlocks;
  status: AccountStatus;
  /** This process's metrics (its own prom-client registry); GET /metrics or METRICS_PORT serve it. */
  metrics: PromMetrics;
  /** Idempotent; closes everything this built, each even if another fails. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Identity of this host in lock holders and logs. Default: config.hostId (HOST_ID). */
  hostId?: string;
  /** The store to use instead of the Redis one (closed by close()); openServices passes STORE_URL's. */
  store?: SyncStore;
  /** The platform stores to use instead of the Redis ones (closed by close()); openServices passes STORE_URL's. */
  platformStores?: PlatformStores;
  /** Default: a fresh PromMetrics without Node's default metrics. */
  metrics?: PromMetrics;
}

export function createServices(config: AppConfig, logger: Logger, opts: ServicesOptions = {}): Services {
  // Our own keys live beside BullMQ's under the same prefix, so one prefix isolates a deployment (or a test).
  const keys = new RedisKeys(config.queuePrefix);
  const redis = connectRedis(config, 'client');
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  const metrics = opts.metrics ?? new PromMetrics();
  const client = new WeChatClient({
    baseUrl: config.wechatApiBase,
    timeoutMs: config.wechatTimeoutMs,
    onCall: wechatCallObserver(metrics),
    proxyUrl: config.wechatProxyUrl?.reveal() ?? null,
  });
  const platformStores = opts.platformStores ?? redisPlatformStores(redis, keys);
  const { componentTokens, authorizerSource } = createPlatformTokens({
    config,
    redis,
    keys,
    client,
    stores: platformStores,
    logger,
  });
  const tokens = createTokenCache({
    config,
    redis,
    keys,
    client,
    metrics,
    logger: logger.child({ component: 'token-cache' }),
    platformSource: config.platforms.length > 0 ? authorizerSource : null,
  });
  const lock = new AccountLock({
    redis,
    keys,
    ttlMs: config.lockTtlMs,
    host: opts.hostId ?? config.hostId,
    logger: logger.child({ component: 'lock' }),
  });
  const store = opts.store ?? new RedisSyncStore({ redis, keys });
  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    keys,
    redis,
    client,
    tokens,
    componentTokens,
    lock,
    store,
    platformStores,
    blocks: new AccountBlocks(redis, keys),
    status: new AccountStatus(redis, keys),
    metrics,
    close() {
      closing ??= closeAll(logger, [
        () => tokens.close(),
        () => componentTokens.close(),
        () => store.close(),
        () => platformStores.close(),
        async () => client.close(),
        async () => {
          await redis.quit();
        },
      ]);
      return closing;
    },
  };
}

/**
 * createServices with the store STORE_URL chooses: entry points call this. The
 * PostgreSQL store is opened (and its schema migrated) first, so a wrong STORE_URL or a
 * refused migration stops the process at start instead of failing every job.
 */
export async function openServices(
  config: AppConfig,
  logger: Logger,
  opts: ServicesOptions = {},
): Promise<Services> {
  if (config.storeUrl === null) return createServices(config, logger, opts);
  const store = opts.store ?? (await openPostgresStore(config.storeUrl, logger));
  try {
    const platformStores =
      opts.platformStores ??
      (await openPostgresPlatformStores({
        connectionString: config.storeUrl,
        logger: logger.child({ component: 'postgres-platform-store' }),
      }));
    return createServices(config, logger, { ...opts, store, platformStores });
  } catch (err) {
    if (!opts.store) await store.close().catch(() => undefined);
    throw err;
  }
}

/** Runs every step even when one fails (BullMQ's close() does the same), logging failures. */
export async function closeAll(logger: Logger, steps: Array<() => Promise<unknown>>): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      logger.warn({ err }, 'error while closing');
    }
  }
}
