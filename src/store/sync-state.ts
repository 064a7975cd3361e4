import type { MaterialCounts, StoredMaterialType } from './stored-material.js';

/**
 * Checkpoints and pass records, stored per account and kind as one value that each
 * page write replaces atomically with the page's records. The store keeps them as
 * JSON and does not interpret them: what a cursor means is the sync's business.
 *
 * A *pass* is one walk over a kind's list from its first page to its last, possibly
 * across several job attempts (a retry resumes the pass from its checkpoint). Passes
 * are numbered per account and kind, 1, 2, …; a new pass takes the highest number seen
 * (checkpoint or last completed) plus one, so numbers never go backwards whatever the
 * hosts' clocks say.
 */
interface PassCommon {
  /** Pass number (see above). Followers record the pass that last saw each openid. */
  pass: number;
  /**
   * Whether this pass walks the whole list. Followers and materials always do;
   * articles only when forced or when the last full pass is too old (an incremental
   * articles pass stops early, so it proves nothing about what is missing).
   */
  full: boolean;
  /** Unix ms when the pass started (its first page, not the attempt that resumed it). */
  startedAt: number;
  /** Pages stored so far in this pass, over all its attempts. */
  pages: number;
}

/** freepublish/batchget: the offset of the next page to fetch. */
export interface ArticlesCheckpoint extends PassCommon {
  kind: 'articles';
  offset: number;
}

/**
 * user/get: `nextOpenid` is the cursor of the next page ('' = the first page).
 * `sweeping` is set once the last page is stored: what is left is marking the
 * followers this pass did not see as unsubscribed.
 */
export interface FollowersCheckpoint extends PassCommon {
  kind: 'followers';
  nextOpenid: string;
  sweeping: boolean;
}

/** batchget_material: the type being paged, its next offset, and WeChat's counts taken at the pass start. */
export interface MaterialsCheckpoint extends PassCommon {
  kind: 'materials';
  type: StoredMaterialType;
  offset: number;
  counts: MaterialCounts;
}

export type Checkpoint = ArticlesCheckpoint | FollowersCheckpoint | MaterialsCheckpoint;

/** The last pass of a kind that reached its end. */
export interface CompletedPass {
  pass: number;
  full: boolean;
  startedAt: number;
  /** Unix ms. */
  completedAt: number;
  pages: number;
}

/** One kind's sync state: where an unfinished pass stands, and the last pass that finished. */
export interface KindState {
  /** null when no pass is in progress (never synced, or the last pass completed). */
  checkpoint: Checkpoint | null;
  lastCompleted: CompletedPass | null;
  /** The last completed pass with `full: true` (the same object as lastCompleted when that one was full). */
  lastFull: CompletedPass | null;
}

export type SyncStoreKind = Checkpoint['kind'];

/** Every kind's state of one account; kinds never synced have the empty state. */
export type SyncState = Record<SyncStoreKind, KindState>;

export function emptyKindState(): KindState {
  return { checkpoint: null, lastCompleted: null, lastFull: null };
}
