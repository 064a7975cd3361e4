import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { type PlatformStoreCommands, platformStoreCommands } from './platform-store-scripts.js';
import { storedSecret } from './stored-secret.js';
import type { StoredTicket, TicketStore } from './ticket-store.js';

/** Each platform's last ticket in a never-expiring hash (RedisKeys.platformTicket). */
export class RedisTicketStore implements TicketStore {
  readonly #redis: RedisClient;
  readonly #keys: RedisKeys;
  readonly #commands: PlatformStoreCommands;

  constructor(opts: { redis: RedisClient; keys: RedisKeys }) {
    this.#redis = opts.redis;
    this.#keys = opts.keys;
    this.#commands = platformStoreCommands(opts.redis);
  }

  async get(platformId: string): Promise<StoredTicket | null> {
    const [ticket, createdAt] = await this.#redis.hmget(
      this.#keys.platformTicket(platformId),
      'ticket',
      'createdAt',
    );
    if (!ticket || !createdAt || !Number.isFinite(Number(createdAt))) return null;
    return { ticket: storedSecret(ticket), createdAt: Number(createdAt) };
  }

  async save(platformId: string, stored: StoredTicket): Promise<boolean> {
    const key = this.#keys.platformTicket(platformId);
    return (await this.#commands.platformSaveTicket(key, stored.ticket.reveal(), stored.createdAt)) === 1;
  }

  async close(): Promise<void> {
    // The connection is the caller's.
  }
}
