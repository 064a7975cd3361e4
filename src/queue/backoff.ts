import { ForceRefreshBudgetError } from '../token/force-refresh-budget-error.js';
import { QuotaError, TokenNotRenewedError, UnknownWeChatError, WeChatError } from '../wechat/errors/index.js';

/** Name of the custom backoff strategy registered on every worker (see syncBackoffStrategy). */
export const SYNC_BACKOFF = 'wechat';

export interface BackoffSettings {
  /** First retry delay; doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of any single delay (quota waits excepted: those follow WeChat's clock). */
  maxDelayMs: number;
  /** Fraction of the delay that is randomized, so retries of many accounts do not line up. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000, jitter: 0.5 };

/**
 * Delay before the next attempt. Pure, so it is unit-tested directly.
 * - QuotaError, TokenNotRenewedError, ForceRefreshBudgetError: wait until WeChat's window
 *   (or the app's forced-refresh budget) reopens, plus jitter, whatever the attempt.
 * - A WeChat error that says never retry, or an unknown answer that has had its
 *   attempts: -1, which makes BullMQ fail the job now (normally those are thrown as
 *   UnrecoverableError already; this is the safety net).
 * - Everything else: exponential with jitter, capped.
 */
export function computeBackoff(
  attemptsMade: number,
  err: unknown,
  now: number,
  settings: BackoffSettings = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (
    err instanceof QuotaError ||
    err instanceof TokenNotRenewedError ||
    err instanceof ForceRefreshBudgetError
  ) {
    return Math.max(0, err.retryAt - now) + Math.floor(random() * settings.baseDelayMs);
  }
  if (err instanceof WeChatError && err.retry === 'never') return -1;
  if (err instanceof UnknownWeChatError && attemptsMade >= err.maxAttempts) return -1;
  const exponential = Math.min(
    settings.maxDelayMs,
    settings.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1),
  );
  const spread = exponential * settings.jitter;
  return Math.floor(exponential - spread + random() * spread);
}
