import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { ApiQuota } from '../wechat/types.js';

/** One API's quota as `openapi/quota/get` last answered it. */
export interface StoredQuota extends ApiQuota {
  /** Unix ms of that answer. */
  checkedAt: number;
}

/** The last quota answers per account and cgi path (one Redis hash per account). */
export class ApiQuotas {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async save(accountId: string, path: string, quota: StoredQuota): Promise<void> {
    await this.redis.hset(this.keys.apiQuota(accountId), path, JSON.stringify(quota));
  }

  /** By cgi path; empty for an account never checked. */
  async all(accountId: string): Promise<Record<string, StoredQuota>> {
    const raw = await this.redis.hgetall(this.keys.apiQuota(accountId));
    const out: Record<string, StoredQuota> = {};
    for (const [path, json] of Object.entries(raw)) {
      try {
        out[path] = JSON.parse(json) as StoredQuota;
      } catch {
        // A value not written by save(): skipped rather than failing a diagnosis or a scrape.
      }
    }
    return out;
  }
}
