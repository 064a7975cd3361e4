import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { LockCommands } from './lock-commands.js';
import { LockError } from './lock-error.js';
import { LockLostError, type LockLostReason } from './lock-lost-error.js';

export interface ReleaseResult {
  /** True when the release deleted the lock; false when it was already gone, someone else's, or Redis failed. */
  released: boolean;
  /** Set when Redis failed; the caller logs it once at warn and carries on with the job's own outcome. */
  error?: LockError;
}

/** Events a lease emits, mainly so tests and metrics can follow renewal without polling. */
export interface AccountLeaseEvents {
  /** A renewal extended the lock by another full TTL. */
  renewed: [];
  /** A renewal could not reach Redis; it is tried again until the lease runs out. */
  'renew-error': [error: LockError];
}

export interface LeaseParams {
  commands: LockCommands;
  lockKey: string;
  holderKey: string;
  accountId: string;
  owner: string;
  fence: number;
  ttlMs: number;
  renewEveryMs: number;
  logger: Logger;
  /** performance.now() just before the acquire command was sent: the lease runs from there. */
  acquiredAt: number;
}

/**
 * One job run's hold on an account lock, made by AccountLock.acquire. It renews the lock
 * every `renewEveryMs` while the job runs and aborts `signal` with a LockLostError when
 * the lock turns out to be gone, taken, or unrenewable until its TTL ran out: then
 * another worker may hold it, and the job must stop. The fence guards writes
 * regardless, since a paused process may learn of the loss too late.
 */
export class AccountLease extends EventEmitter<AccountLeaseEvents> {
  readonly accountId: string;
  readonly owner: string;
  readonly fence: number;
  readonly #p: LeaseParams;
  readonly #controller = new AbortController();
  #renewTimer: NodeJS.Timeout | undefined;
  #deadlineTimer: NodeJS.Timeout | undefined;
  #lastRenewError: LockError | undefined;
  #release: Promise<ReleaseResult> | undefined;

  constructor(params: LeaseParams) {
    super();
    this.#p = params;
    this.accountId = params.accountId;
    this.owner = params.owner;
    this.fence = params.fence;
    this.#armDeadline(params.acquiredAt);
    this.#scheduleRenewal();
  }

  /** Aborted, with a LockLostError as its reason, once the lock is known or presumed lost. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops renewal and deletes the lock if this lease still owns it. Never throws; idempotent. */
  release(): Promise<ReleaseResult> {
    this.#release ??= this.#releaseOnce();
    return this.#release;
  }

  async #releaseOnce(): Promise<ReleaseResult> {
    this.#stopTimers();
    const { commands, lockKey, holderKey, accountId, owner } = this.#p;
    try {
      return { released: (await commands.accountLockRelease(lockKey, holderKey, owner)) === 1 };
    } catch (cause) {
      return { released: false, error: new LockError({ accountId, operation: 'release', cause }) };
    }
  }

  get #finished(): boolean {
    return this.#release !== undefined || this.#controller.signal.aborted;
  }

  // A timeout chain, not setInterval: a renewal slower than the period must not overlap the next.
  // Timers are unref'd: a lease alone should not keep a process alive.
  #scheduleRenewal(): void {
    this.#renewTimer = setTimeout(() => void this.#renew(), this.#p.renewEveryMs).unref();
  }

  // The lock expires in Redis ttlMs after the last successful SET/PEXPIRE was *sent*, at
  // the latest; measured on the monotonic clock so a wall-clock jump cannot stretch it.
  #armDeadline(sentAt: number): void {
    clearTimeout(this.#deadlineTimer);
    const remaining = sentAt + this.#p.ttlMs - performance.now();
    this.#deadlineTimer = setTimeout(() => this.#lose('expired'), Math.max(0, remaining)).unref();
  }

  async #renew(): Promise<void> {
    const { commands, lockKey, holderKey, owner, ttlMs, accountId, fence, logger } = this.#p;
    const sentAt = performance.now();
    let outcome: number;
    try {
      outcome = await commands.accountLockRenew(lockKey, holderKey, owner, ttlMs);
    } catch (cause) {
      if (this.#finished) return;
      const error = new LockError({ accountId, operation: 'renew', cause });
      this.#lastRenewError = error;
      logger.warn({ err: error, accountId, fence }, 'lock renewal failed; retrying until the lease runs out');
      this.emit('renew-error', error);
      this.#scheduleRenewal();
      return;
    }
    if (this.#finished) return;
    if (outcome !== 1) return this.#lose(outcome === -1 ? 'taken' : 'absent');
    this.#lastRenewError = undefined;
    this.#armDeadline(sentAt);
    this.emit('renewed');
    this.#scheduleRenewal();
  }

  #lose(reason: LockLostReason): void {
    if (this.#finished) return;
    this.#stopTimers();
    const { accountId, owner, fence, logger } = this.#p;
    const cause = reason === 'expired' ? this.#lastRenewError : undefined;
    const error = new LockLostError({ accountId, owner, fence, reason, cause });
    logger.warn({ err: error, accountId, fence }, 'account lock lost; aborting the job run');
    this.#controller.abort(error);
  }

  #stopTimers(): void {
    clearTimeout(this.#renewTimer);
    clearTimeout(this.#deadlineTimer);
  }
}
