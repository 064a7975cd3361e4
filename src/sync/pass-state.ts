import type { Checkpoint, CompletedPass, KindState } from '../store/index.js';

/**
 * Pass bookkeeping shared by every kind, pure so resume/force/full decisions are
 * unit-tested without a store. See src/store/sync-state.ts for what a pass is.
 */

/** The number a new pass takes: above every pass this kind has recorded, whatever the clocks say. */
export function nextPassNumber(state: KindState): number {
  return Math.max(state.checkpoint?.pass ?? 0, state.lastCompleted?.pass ?? 0, state.lastFull?.pass ?? 0) + 1;
}

/**
 * The checkpoint to resume from, or null when this run starts a new pass: always new
 * when forced (`force` means a full pass from the first page), resumed otherwise.
 */
export function resumable<C extends Checkpoint>(state: KindState, kind: C['kind'], force: boolean): C | null {
  const cp = state.checkpoint;
  if (force || cp === null || cp.kind !== kind) return null;
  return cp as C;
}

/** The state to store once a pass has reached its end: no checkpoint, the pass recorded as completed. */
export function completedState(state: KindState, cp: Checkpoint, completedAt: number): KindState {
  const done: CompletedPass = {
    pass: cp.pass,
    full: cp.full,
    startedAt: cp.startedAt,
    completedAt,
    pages: cp.pages,
  };
  return { checkpoint: null, lastCompleted: done, lastFull: done.full ? done : state.lastFull };
}

/** The state to store with a page: the pass goes on from `cp`. */
export function inProgressState(state: KindState, cp: Checkpoint): KindState {
  return { ...state, checkpoint: cp };
}
