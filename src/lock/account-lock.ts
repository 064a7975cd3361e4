import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Logger, pino } from 'pino';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { scanKeys } from '../redis/scan-keys.js';
import { AccountLease } from './account-lease.js';
import { parseAcquireReply } from './acquire-reply.js';
import { type LockCommands, lockCommands } from './lock-commands.js';
import { LockError } from './lock-error.js';
import { holderFromHash, type LockHolder } from './lock-holder.js';
import { ownerToken } from './owner-token.js';

export type AcquireResult =
  | { acquired: true; lease: AccountLease }
  /** Busy is not an error. `ttlMs` is the lock's remaining life (-1: it has no expiry, a hand-made key). */
  | { acquired: false; holder: LockHolder | null; ttlMs: number };

/**
 * What a job's start reads in the same atomic step as the lock (see ACQUIRE_LUA): every
 * key must carry the account's `{accountId}` hash tag, as the lock's keys do.
 */
export interface AcquireReads {
  /** While this key exists the lock is not taken: the result says `guard` with its value. */
  guard?: string;
  /** Read by GET under the new lock. */
  strings?: readonly string[];
  /** Read by HGETALL under the new lock. */
  hashes?: readonly string[];
}

export type AcquireWithReadsResult =
  | {
      acquired: true;
      lease: AccountLease;
      strings: (string | null)[];
      hashes: Record<string, string>[];
    }
  | { acquired: false; holder: LockHolder | null; ttlMs: number }
  | { acquired: false; guard: { value: string; ttlMs: number } };

export interface AccountLockOptions {
  /** A `client`-role connection; the lock scripts are defined on it once. */
  redis: RedisClient;
  keys: RedisKeys;
  /** How long a lock outlives a holder that stops renewing (a crashed worker). */
  ttlMs: number;
  /** Recorded in the holder for diagnosis. Default: os.hostname(). */
  host?: string;
  /** Renewal period. Default: ttlMs / 3, so two renewals can fail before the lock expires. */
  renewEveryMs?: number;
  /** Receives renewal failures and lost locks at warn. Default: silent. */
  logger?: Logger;
  /** Wall clock for the holder's `since`. Default: Date.now. */
  now?: () => number;
}

export interface ListedHolder {
  accountId: string;
  holder: LockHolder;
  ttlMs: number;
}

/**
 * The per-account lock: at most one job run syncs an account at a time, across all
 * processes sharing the Redis. Each acquisition hands out a fencing number that the
 * store checks, because a holder paused past its TTL can still wake up and write.
 */
export class AccountLock {
  readonly #redis: RedisClient;
  readonly #commands: LockCommands;
  readonly #keys: RedisKeys;
  readonly #ttlMs: number;
  readonly #renewEveryMs: number;
  readonly #host: string;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(opts: AccountLockOptions) {
    const renewEveryMs = opts.renewEveryMs ?? Math.floor(opts.ttlMs / 3);
    if (!Number.isInteger(opts.ttlMs) || opts.ttlMs < 3) {
      throw new RangeError(`AccountLock: ttlMs must be an integer ≥ 3, got ${opts.ttlMs}`);
    }
    if (!(renewEveryMs > 0 && renewEveryMs < opts.ttlMs)) {
      throw new RangeError(`AccountLock: renewEveryMs must be > 0 and < ttlMs, got ${renewEveryMs}`);
    }
    this.#redis = opts.redis;
    this.#commands = lockCommands(opts.redis);
    this.#keys = opts.keys;
    this.#ttlMs = opts.ttlMs;
    this.#renewEveryMs = renewEveryMs;
    this.#host = opts.host ?? hostname();
    this.#logger = opts.logger ?? pino({ enabled: false });
    this.#now = opts.now ?? Date.now;
  }

  /** Takes the account's lock for one job run. Throws LockError only when Redis fails. */
  async acquire(accountId: string, jobId: string): Promise<AcquireResult> {
    const result = await this.acquireWithReads(accountId, jobId, {});
    if (result.acquired || 'holder' in result) return result;
    // Unreachable: without a guard key the script never answers "guarded".
    throw new LockError({ accountId, operation: 'acquire', cause: new Error('guard without a guard key') });
  }

  /**
   * acquire(), refusing while `reads.guard` exists and reading `reads`' keys in the same
   * script: a job's start (blocked? lock, fence, its sync state) in one round trip.
   */
  async acquireWithReads(
    accountId: string,
    jobId: string,
    reads: AcquireReads,
  ): Promise<AcquireWithReadsResult> {
    const lockKey = this.#keys.lock(accountId);
    const holderKey = this.#keys.lockHolder(accountId);
    const owner = ownerToken(this.#host, process.pid, jobId);
    const strings = reads.strings ?? [];
    const keys = [
      lockKey,
      holderKey,
      this.#keys.fence(accountId),
      ...(reads.guard === undefined ? [] : [reads.guard]),
      ...strings,
      ...(reads.hashes ?? []),
    ];
    const acquiredAt = performance.now();
    let reply: unknown;
    try {
      reply = await this.#commands.accountLockAcquire(
        keys.length,
        ...keys,
        owner,
        this.#ttlMs,
        jobId,
        this.#host,
        process.pid,
        this.#now(),
        reads.guard === undefined ? '0' : '1',
        strings.length,
      );
    } catch (cause) {
      // If the reply alone was lost, the lock stays taken by `owner` until its TTL ends:
      // nobody renews it, so it frees itself without any cleanup.
      throw new LockError({ accountId, operation: 'acquire', cause });
    }
    const decoded = parseAcquireReply(reply);
    if (!decoded.acquired) return decoded;
    const lease = new AccountLease({
      commands: this.#commands,
      lockKey,
      holderKey,
      accountId,
      owner,
      fence: decoded.fence,
      ttlMs: this.#ttlMs,
      renewEveryMs: this.#renewEveryMs,
      logger: this.#logger,
      acquiredAt,
    });
    return { acquired: true, lease, strings: decoded.strings, hashes: decoded.hashes };
  }

  /** The current holder of an account's lock, or null when it is free. Redis errors reject as they are. */
  async holder(accountId: string): Promise<LockHolder | null> {
    return holderFromHash(await this.#redis.hgetall(this.#keys.lockHolder(accountId)));
  }

  /**
   * Every current holder under this prefix (SCAN, so a large Redis is not blocked; every
   * master on Redis Cluster). Redis errors reject as they are.
   */
  async listHolders(): Promise<ListedHolder[]> {
    const found = new Map<string, ListedHolder>();
    for await (const keys of scanKeys(this.#redis, this.#keys.lockHolderPattern(), 200)) {
      // SCAN may return a key twice; the map keeps one entry per account.
      for (const listed of await this.#readHolders(keys)) found.set(listed.accountId, listed);
    }
    return [...found.values()];
  }

  /**
   * Compare-and-delete by owner, for cleaning up the lock of a holder that is gone.
   * Returns whether it deleted; a lock already re-taken by another owner is left alone.
   * Throws LockError (operation 'release') when Redis fails.
   */
  async forceRelease(accountId: string, owner: string): Promise<boolean> {
    try {
      const deleted = await this.#commands.accountLockRelease(
        this.#keys.lock(accountId),
        this.#keys.lockHolder(accountId),
        owner,
      );
      return deleted === 1;
    } catch (cause) {
      throw new LockError({ accountId, operation: 'release', cause });
    }
  }

  async #readHolders(holderKeys: string[]): Promise<ListedHolder[]> {
    const accountIds = holderKeys
      .map((key) => this.#keys.accountIdFromLockHolder(key))
      .filter((id): id is string => id !== null);
    // One pipeline per account: its two keys share the `{accountId}` slot, while a Cluster
    // refuses a pipeline spanning slots. Auto-pipelining still batches the round trips.
    const listed = await Promise.all(accountIds.map((id) => this.#readHolder(id)));
    return listed.filter((entry): entry is ListedHolder => entry !== null);
  }

  async #readHolder(accountId: string): Promise<ListedHolder | null> {
    const replies =
      (await this.#redis
        .pipeline()
        .hgetall(this.#keys.lockHolder(accountId))
        .pttl(this.#keys.lock(accountId))
        .exec()) ?? [];
    const [hashError, hash] = replies[0] ?? [];
    const [ttlError, ttlMs] = replies[1] ?? [];
    if (hashError || ttlError) throw hashError ?? ttlError;
    const holder = holderFromHash((hash ?? {}) as Record<string, string>);
    // Released between SCAN and read (PTTL -2), or not a complete holder: nothing to report.
    return holder && ttlMs !== -2 ? { accountId, holder, ttlMs: ttlMs as number } : null;
  }
}
