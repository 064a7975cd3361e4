import type { FailureCode } from '../failures/index.js';

/** One health state per account, worst first: the list sorts in this order. */
export const HEALTH_STATES = [
  'blocked',
  'unauthorised',
  'failing',
  'stale',
  'never',
  'syncing',
  'healthy',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** What the state of one account is decided from (read for every account in one pipeline). */
export interface HealthFacts {
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** The FailureCode of the last failure (a code added later is kept as its string). */
  lastFailureCode: FailureCode | string | null;
  /** Milliseconds the whitelist block has left; null when not blocked. */
  blockedMs: number | null;
  /** Whether a worker holds the account's lock right now. */
  locked: boolean;
  /** The longest gap between two scheduled runs; null when the account is not scheduled. */
  intervalMs: number | null;
}

/** A success older than this many schedule intervals makes the data stale (the alert uses the same 2). */
export const STALE_INTERVALS = 2;

const UNAUTHORISED: ReadonlySet<string> = new Set(['BAD_CREDENTIALS', 'PERMISSION']);
const WHITELIST: ReadonlySet<string> = new Set(['IP_NOT_WHITELISTED', 'IP_CONFIRMATION']);

/**
 * The one state of an account. A whitelist failure not followed by a success is
 * "blocked" even after its block key expired or was lifted: the account is green only
 * once a sync has come through again.
 */
export function healthState(f: HealthFacts, now: number): HealthState {
  if (f.blockedMs !== null) return 'blocked';
  const failedLast =
    f.lastFailureAt !== null && (f.lastSuccessAt === null || f.lastFailureAt > f.lastSuccessAt);
  if (failedLast) {
    if (f.lastFailureCode && WHITELIST.has(f.lastFailureCode)) return 'blocked';
    if (f.lastFailureCode && UNAUTHORISED.has(f.lastFailureCode)) return 'unauthorised';
    return 'failing';
  }
  if (f.locked) return 'syncing';
  if (f.lastSuccessAt === null) return 'never';
  if (f.intervalMs !== null && now - f.lastSuccessAt > STALE_INTERVALS * f.intervalMs) return 'stale';
  return 'healthy';
}

export function severity(state: HealthState): number {
  return HEALTH_STATES.indexOf(state);
}
