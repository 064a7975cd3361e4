import type { FailureDiagnostic } from '../failures/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';

export interface AccountBlock {
  diagnostic: FailureDiagnostic;
  /** Milliseconds until the block lifts on its own. */
  ttlMs: number;
}

/**
 * After a whitelist failure an account is blocked for a while: its jobs fail fast with
 * the same diagnostic and WeChat is not called (each call would burn token quota and
 * change nothing until an operator edits the whitelist). The block is one Redis key with
 * a TTL holding the diagnostic, so every worker on every host sees it.
 */
export class AccountBlocks {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async block(accountId: string, diagnostic: FailureDiagnostic, ms: number): Promise<void> {
    if (ms <= 0) return;
    await this.redis.set(this.keys.block(accountId), JSON.stringify(diagnostic), 'PX', ms);
  }

  /** The block's key: a job's start checks it in the lock's script (AccountLock.acquireWithReads). */
  keyOf(accountId: string): string {
    return this.keys.block(accountId);
  }

  /** A block as its key holds it (the diagnostic's JSON) with its remaining life. */
  static fromStored(value: string, ttlMs: number): AccountBlock {
    return { diagnostic: JSON.parse(value) as FailureDiagnostic, ttlMs: Math.max(0, ttlMs) };
  }

  async get(accountId: string): Promise<AccountBlock | null> {
    const key = this.keys.block(accountId);
    // Every job asks, and almost every answer is "not blocked": one GET, which the client's
    // auto-pipelining batches with other jobs' commands (a MULTI is written on its own).
    // PTTL only for a block; one that expires in between reports 0 ms left.
    const raw = await this.redis.get(key);
    if (raw === null) return null;
    return AccountBlocks.fromStored(raw, await this.redis.pttl(key));
  }

  /** Lifts a block (explicit unblock, or a success that proves the fault is fixed). */
  async clear(accountId: string): Promise<boolean> {
    return (await this.redis.del(this.keys.block(accountId))) === 1;
  }
}
