import type { Logger } from 'pino';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { PostgresSyncStore } from './postgres/postgres-sync-store.js';
import { RedisSyncStore } from './redis-sync-store.js';
import type { SyncStore } from './sync-store.js';

export interface CreateStoreOptions {
  /** STORE_URL: a `postgres://` URL, or null for the Redis store. */
  storeUrl: string | null;
  /** The Redis store's connection; it stays the caller's. */
  redis: RedisClient;
  keys: RedisKeys;
  logger: Logger;
}

/**
 * The store STORE_URL chooses. The PostgreSQL store is returned only once its schema is
 * migrated, so a wrong URL or a refused migration stops the process at start, not at
 * the first job.
 */
export async function createSyncStore(opts: CreateStoreOptions): Promise<SyncStore> {
  if (opts.storeUrl === null) return new RedisSyncStore({ redis: opts.redis, keys: opts.keys });
  return openPostgresStore(opts.storeUrl, opts.logger);
}

/** The PostgreSQL store of a STORE_URL, migrated; for callers that build the Redis store themselves. */
export function openPostgresStore(storeUrl: string, logger: Logger): Promise<SyncStore> {
  return PostgresSyncStore.open({
    connectionString: storeUrl,
    logger: logger.child({ component: 'postgres-store' }),
  });
}
