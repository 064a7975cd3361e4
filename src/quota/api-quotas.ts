import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { ApiQuota } from '../wechat/types.js';

/** One API's quota as `openapi/quota/get` last answered it. */
export interface StoredQuota extends ApiQuota {
  /** Unix ms of that answer. */
  checkedAt: number;
}

/** WeChat's answer for a cgi path it counts no quota for: 76021 `cgi_path not found`. */
export const NO_QUOTA_ERRCODE = 76021;

/** What the hash holds: quotas, and when each path was last asked (quota or not). */
export interface QuotaRecords {
  quotas: Record<string, StoredQuota>;
  /** Every path asked, with the time of its last answer, the ones WeChat has no quota for included. */
  checkedAt: Record<string, number>;
}

/**
 * The last quota answers per account and cgi path (one Redis hash per account). A path
 * WeChat keeps no quota for is remembered too (`{"noQuota":76021,"checkedAt":…}`), so it
 * is not asked again after every sync; readers of quotas never see those entries.
 */
export class ApiQuotas {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** The account's hash (a job's start reads it under the lock, see src/worker/start-reads.ts). */
  keyOf(accountId: string): string {
    return this.keys.apiQuota(accountId);
  }

  async save(accountId: string, path: string, quota: StoredQuota): Promise<void> {
    await this.redis.hset(this.keys.apiQuota(accountId), path, JSON.stringify(quota));
  }

  /** Remembers that WeChat counts no quota for `path` (76021), so it is not asked again for a while. */
  async saveNoQuota(accountId: string, path: string, checkedAt: number): Promise<void> {
    await this.redis.hset(
      this.keys.apiQuota(accountId),
      path,
      JSON.stringify({ noQuota: NO_QUOTA_ERRCODE, checkedAt }),
    );
  }

  /** By cgi path; empty for an account never checked. */
  async all(accountId: string): Promise<Record<string, StoredQuota>> {
    return ApiQuotas.parse(await this.raw(accountId)).quotas;
  }

  /** The hash as stored (read it with ApiQuotas.parse). */
  raw(accountId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keys.apiQuota(accountId));
  }

  /** The hash's fields read as quotas and check times; a value not written here is skipped. */
  static parse(raw: Record<string, string>): QuotaRecords {
    const records: QuotaRecords = { quotas: {}, checkedAt: {} };
    for (const [path, json] of Object.entries(raw)) {
      let value: Partial<StoredQuota> & { noQuota?: unknown };
      try {
        value = JSON.parse(json) as typeof value;
      } catch {
        // A value not written by save(): skipped rather than failing a diagnosis or a scrape.
        continue;
      }
      if (typeof value?.checkedAt !== 'number') continue;
      records.checkedAt[path] = value.checkedAt;
      if (value.noQuota === undefined) records.quotas[path] = value as StoredQuota;
    }
    return records;
  }
}
