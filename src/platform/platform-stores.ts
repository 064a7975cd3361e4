import type { Logger } from 'pino';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { AuthorizationStore } from './authorization-store.js';
import { openPostgresPlatformStores } from './postgres-platform-stores.js';
import { RedisAuthorizationStore } from './redis-authorization-store.js';
import { RedisTicketStore } from './redis-ticket-store.js';
import type { TicketStore } from './ticket-store.js';

/** Where platform mode keeps what it must not lose. */
export interface PlatformStores {
  authorizations: AuthorizationStore;
  tickets: TicketStore;
  /** Which backend holds them (status pages say so: a Redis flush loses the `redis` one). */
  backend: 'redis' | 'postgres';
  /** Idempotent; closes what the stores opened (not the caller's Redis connection). */
  close(): Promise<void>;
}

/** The Redis stores on the caller's connection. */
export function redisPlatformStores(redis: RedisClient, keys: RedisKeys): PlatformStores {
  return {
    authorizations: new RedisAuthorizationStore({ redis, keys }),
    tickets: new RedisTicketStore({ redis, keys }),
    backend: 'redis',
    close: async () => {},
  };
}

/**
 * The stores STORE_URL chooses, as for the sync store: PostgreSQL (migrated before they
 * are handed out) when it is set, else the Redis hashes.
 */
export function openPlatformStores(opts: {
  storeUrl: string | null;
  redis: RedisClient;
  keys: RedisKeys;
  logger: Logger;
}): Promise<PlatformStores> {
  if (opts.storeUrl === null) return Promise.resolve(redisPlatformStores(opts.redis, opts.keys));
  return openPostgresPlatformStores({
    connectionString: opts.storeUrl,
    logger: opts.logger.child({ component: 'postgres-platform-store' }),
  });
}
