import type { Sensitive } from '../config/sensitive.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { decodeAuthorization, encodeAuthorization } from './authorization-codec.js';
import type { AuthorizationRecord, AuthorizationStore } from './authorization-store.js';
import { UnreadableAuthorizationError } from './errors/unreadable-authorization-error.js';
import { type PlatformStoreCommands, platformStoreCommands } from './platform-store-scripts.js';

/** A read-modify-write that keeps losing to concurrent writers gives up after this many tries. */
const MAX_CAS_TRIES = 10;

/**
 * Authorisations in one never-expiring hash per platform (RedisKeys.platformAuthorizations).
 * Updates read the field, compute the new value and write it with a compare-and-set, so a
 * concurrent re-authorisation or revocation is never lost.
 */
export class RedisAuthorizationStore implements AuthorizationStore {
  readonly #redis: RedisClient;
  readonly #keys: RedisKeys;
  readonly #commands: PlatformStoreCommands;

  constructor(opts: { redis: RedisClient; keys: RedisKeys }) {
    this.#redis = opts.redis;
    this.#keys = opts.keys;
    this.#commands = platformStoreCommands(opts.redis);
  }

  async get(platformId: string, authorizerAppId: string): Promise<AuthorizationRecord | null> {
    const raw = await this.#redis.hget(this.#keys.platformAuthorizations(platformId), authorizerAppId);
    return raw === null ? null : this.#decode(platformId, authorizerAppId, raw);
  }

  async put(platformId: string, record: AuthorizationRecord): Promise<void> {
    await this.#redis.hset(
      this.#keys.platformAuthorizations(platformId),
      record.authorizerAppId,
      encodeAuthorization(record),
    );
  }

  markRevoked(platformId: string, authorizerAppId: string, at: number): Promise<boolean> {
    return this.#update(platformId, authorizerAppId, (record) =>
      record.state === 'revoked' ? null : { ...record, state: 'revoked', revokedAt: at, updatedAt: at },
    );
  }

  replaceRefreshToken(
    platformId: string,
    authorizerAppId: string,
    expected: Sensitive,
    next: Sensitive,
    at: number,
  ): Promise<boolean> {
    return this.#update(platformId, authorizerAppId, (record) =>
      record.state === 'authorized' && record.refreshToken.equals(expected)
        ? { ...record, refreshToken: next, updatedAt: at }
        : null,
    );
  }

  async list(platformId: string): Promise<AuthorizationRecord[]> {
    const all = await this.#redis.hgetall(this.#keys.platformAuthorizations(platformId));
    return Object.keys(all)
      .sort()
      .map((appId) => this.#decode(platformId, appId, all[appId] as string));
  }

  async close(): Promise<void> {
    // The connection is the caller's.
  }

  /** `change` returns the new record, or null for "leave it". False when nothing was written. */
  async #update(
    platformId: string,
    authorizerAppId: string,
    change: (record: AuthorizationRecord) => AuthorizationRecord | null,
  ): Promise<boolean> {
    const key = this.#keys.platformAuthorizations(platformId);
    for (let tries = 0; tries < MAX_CAS_TRIES; tries += 1) {
      const raw = await this.#redis.hget(key, authorizerAppId);
      if (raw === null) return false;
      const next = change(this.#decode(platformId, authorizerAppId, raw));
      if (next === null) return false;
      if (
        (await this.#commands.platformHashFieldCas(key, authorizerAppId, raw, encodeAuthorization(next))) ===
        1
      )
        return true;
    }
    throw new Error(
      `authorisation of ${authorizerAppId} kept changing during an update (platform ${platformId})`,
    );
  }

  #decode(platformId: string, authorizerAppId: string, raw: string): AuthorizationRecord {
    const record = decodeAuthorization(authorizerAppId, raw);
    if (record === null) throw new UnreadableAuthorizationError(platformId, authorizerAppId);
    return record;
  }
}
