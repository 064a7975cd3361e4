import type { Redis } from 'ioredis';
import type { FailureDiagnostic } from '../failures/index.js';
import type { RedisKeys } from '../redis/keys.js';

export interface AccountStatusRecord {
  lastSuccessAt: number | null;
  lastSuccessJobId: string | null;
  lastFailureAt: number | null;
  lastFailureJobId: string | null;
  lastFailure: FailureDiagnostic | null;
  /** The IP WeChat reported in the most recent whitelist failure. */
  lastSeenIp: string | null;
}

/** Last success and last failure of each account, for diagnosis and the API. One hash per account. */
export class AccountStatus {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async recordSuccess(accountId: string, jobId: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.accountState(accountId), {
      lastSuccessAt: String(at),
      lastSuccessJobId: jobId,
    });
  }

  async recordFailure(accountId: string, jobId: string, diagnostic: FailureDiagnostic): Promise<void> {
    const fields: Record<string, string> = {
      lastFailureAt: String(Date.parse(diagnostic.at)),
      lastFailureJobId: jobId,
      lastFailure: JSON.stringify(diagnostic),
    };
    if (diagnostic.ip) fields.lastSeenIp = diagnostic.ip;
    await this.redis.hset(this.keys.accountState(accountId), fields);
  }

  async get(accountId: string): Promise<AccountStatusRecord> {
    const h = await this.redis.hgetall(this.keys.accountState(accountId));
    const num = (v: string | undefined) => (v === undefined ? null : Number(v));
    return {
      lastSuccessAt: num(h.lastSuccessAt),
      lastSuccessJobId: h.lastSuccessJobId ?? null,
      lastFailureAt: num(h.lastFailureAt),
      lastFailureJobId: h.lastFailureJobId ?? null,
      lastFailure: h.lastFailure ? (JSON.parse(h.lastFailure) as FailureDiagnostic) : null,
      lastSeenIp: h.lastSeenIp ?? null,
    };
  }
}
