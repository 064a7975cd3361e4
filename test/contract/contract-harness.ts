import { emptyKindState, type SyncState } from '../../src/store/sync-state.js';
import type { SyncStore } from '../../src/store/sync-store.js';

export interface ContractHarness {
  store: SyncStore;
  /**
   * A fence newer than every one handed out for the account before, as the lock's
   * acquire gives the next holder (the Redis store reads that counter itself).
   */
  newHolder(accountId: string): Promise<number>;
  /**
   * Where the backend can: makes the account's state writes fail AFTER the page's records
   * were written in the same atomic step, to prove the step rolls back. Returns the undo.
   */
  failStateWritesAfterRecords?(accountId: string): Promise<() => Promise<void>>;
  /** Closes the store and whatever the harness opened; deletes the test's data. */
  teardown(): Promise<void>;
}

let accounts = 0;
/** Every test works on its own account, so tests of one store do not see each other's data. */
export const newAccount = () => `acct-contract-${++accounts}`;

export function emptyState(): SyncState {
  return { articles: emptyKindState(), followers: emptyKindState(), materials: emptyKindState() };
}
