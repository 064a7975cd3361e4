import type { AcquireReads } from '../lock/index.js';
import type { ApiQuotas } from '../quota/index.js';
import { hasSyncStateKeys, type SyncState, type SyncStore } from '../store/index.js';

/** What a job read at its start, under its new lock; null where its store has no keys to read there. */
export interface StartReads {
  /** Every kind's sync state (Redis store); null: the sync reads it from its store (PostgreSQL). */
  syncState: SyncState | null;
  /** The account's stored quota answers (ApiQuotas' hash as stored). */
  quotaHash: Record<string, string> | null;
}

/** Which keys a job's start reads with its lock, and what they mean. */
export interface StartReadPlan {
  reads(accountId: string): Omit<AcquireReads, 'guard'>;
  decode(strings: (string | null)[], hashes: Record<string, string>[]): StartReads;
}

export const NO_START_READS: StartReadPlan = {
  reads: () => ({}),
  decode: () => ({ syncState: null, quotaHash: null }),
};

/**
 * The reads a sync job's start makes in the lock's script (AccountLock.acquireWithReads):
 * the sync state when the store keeps it in Redis, and the quota answers. Every key
 * carries the account's `{accountId}` hash tag, so on a Cluster they share the lock's slot.
 */
export function startReadPlan(store: SyncStore, quotas: ApiQuotas | null): StartReadPlan {
  const stateKeys = hasSyncStateKeys(store) ? store : null;
  return {
    reads: (accountId) => ({
      strings: stateKeys?.syncStateKeys(accountId) ?? [],
      hashes: quotas ? [quotas.keyOf(accountId)] : [],
    }),
    decode: (strings, hashes) => ({
      syncState: stateKeys ? stateKeys.syncStateFrom(strings) : null,
      quotaHash: quotas ? (hashes[0] ?? {}) : null,
    }),
  };
}
