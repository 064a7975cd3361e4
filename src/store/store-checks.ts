import type { KindState, SyncStoreKind } from './sync-state.js';
import { MAX_LIST_LIMIT, MAX_SWEEP_LIMIT } from './sync-store.js';

/** Argument checks every SyncStore implementation applies before touching its backend. */

export function checkFence(fence: number): void {
  if (!Number.isSafeInteger(fence) || fence < 1) {
    throw new RangeError(`fence must be a positive integer (a lease's fence), got ${fence}`);
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new RangeError(`limit must be an integer in 1..${MAX_LIST_LIMIT}, got ${limit}`);
  }
}

export function checkSweepLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SWEEP_LIMIT) {
    throw new RangeError(`sweep limit must be an integer in 1..${MAX_SWEEP_LIMIT}, got ${limit}`);
  }
}

export function checkPass(pass: number): void {
  if (!Number.isSafeInteger(pass) || pass < 1) {
    throw new RangeError(`pass must be a positive integer, got ${pass}`);
  }
}

/** A state written with a page of one kind must not carry another kind's checkpoint. */
export function checkState(kind: SyncStoreKind, state: KindState): void {
  if (state.checkpoint !== null && state.checkpoint.kind !== kind) {
    throw new RangeError(`a ${kind} write cannot carry a ${state.checkpoint.kind} checkpoint`);
  }
}

/** One record per id, the last occurrence winning: a duplicate in one batch would be counted twice. */
export function latestById<T>(records: T[], id: (r: T) => string): T[] {
  return [...new Map(records.map((r) => [id(r), r])).values()];
}
