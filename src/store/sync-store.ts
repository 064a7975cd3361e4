import type { StoredArticle } from './stored-article.js';
import type { FollowerCounts, StoredFollower } from './stored-follower.js';
import type { MaterialCounts, StoredMaterial } from './stored-material.js';
import type { KindState, SyncState, SyncStoreKind } from './sync-state.js';

/** What one upsert did, per record: new, changed, or identical to what was stored. */
export interface WriteResult {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ListOptions {
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
  /** Records per page, 1..MAX_LIST_LIMIT. */
  limit: number;
}

export interface ListPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

/** One write of a followers page (or of one user-info batch of it). */
export interface FollowerWrite {
  /** The pass (see sync-state.ts) that saw these followers. */
  pass: number;
  /**
   * Openids on the page that the store already holds as subscribed (what
   * findNewFollowers did NOT return): each is recorded as seen in `pass` and counted
   * `unchanged`; its record is not rewritten. An openid here that the store does not
   * hold as subscribed is ignored (not counted, not recorded): its info must come
   * through `users` first, so it stays "new" and is fetched by the next pass.
   */
  seen: string[];
  /**
   * User info fetched for new openids, upserted by openid and counted
   * added / updated / unchanged against the stored record. A user with `subscribed:
   * true` is also recorded as seen in `pass`; one with `subscribed: false` (WeChat
   * answered `subscribe: 0`) is stored as is and not recorded as seen.
   */
  users: StoredFollower[];
}

/**
 * One pushed follower event (subscribe / unsubscribe), with the record it leaves. `at`
 * is WeChat's CreateTime in Unix seconds: pushes arrive retried and out of order, so an
 * event older than (or as old as) the last one applied to that follower is skipped.
 */
export interface FollowerEvent {
  openid: string;
  at: number;
  record: StoredFollower;
}

export interface UnsubscribeSweep {
  /** The pass that just walked every user/get page. */
  pass: number;
  /** Unix ms written as `unsubscribedAt`. */
  at: number;
  /** Most followers to mark in this call, 1..MAX_SWEEP_LIMIT. */
  limit: number;
}

/**
 * Where synced data goes. One interface for every backend (Redis, PostgreSQL), passing
 * one contract suite (test/contract/).
 *
 * Fencing: every write takes the writer's lock fence and is refused with
 * StaleFenceError (src/lock), atomically with the write and with NOTHING written, when
 * the account has a newer lock holder: a paused job that outlived its lease must not
 * overwrite what the newer job wrote. (Redis compares with the lock's fence counter;
 * PostgreSQL with the highest fence that has written, see its store's docs.) A fence
 * must be a positive safe integer (RangeError otherwise, nothing written).
 *
 * Checkpoints: every page write takes the kind's new `KindState` and stores it in the
 * same atomic step as the records (one Lua script / one transaction): a page and its
 * checkpoint land together or not at all, so a retry resumes exactly after the last
 * stored page and never counts or stores a record twice. The state's checkpoint (when
 * not null) must be of the method's kind (RangeError otherwise, nothing written).
 *
 * Idempotence: writing the same page with the same state again changes nothing and
 * reports every record `unchanged`. Records are canonicalised by the store, so key
 * order in a record never makes it "updated". Duplicates of one id inside one call
 * count once, the last occurrence winning.
 *
 * Reads take no fence and may run concurrently with writes; each read is consistent
 * with itself (one page of a listing never mixes two writes of one record).
 */
export interface SyncStore {
  /** Upserts articles by articleId together with the articles state. */
  upsertArticles(
    accountId: string,
    fence: number,
    articles: StoredArticle[],
    state: KindState,
  ): Promise<WriteResult>;
  /** Newest first (updateTime, then articleId, descending); stable under concurrent upserts. */
  listArticles(accountId: string, opts: ListOptions): Promise<ListPage<StoredArticle>>;
  countArticles(accountId: string): Promise<number>;
  /** The stored articles of these ids (absent ones left out). Read only. */
  getArticles(accountId: string, articleIds: string[]): Promise<Map<string, StoredArticle>>;

  /**
   * The openids among `openids` that the store does not hold as a subscribed follower
   * (no record, or one marked unsubscribed): the ones whose user info must be fetched.
   * Input order, duplicates removed. Read only.
   */
  findNewFollowers(accountId: string, openids: string[]): Promise<string[]>;
  /** See FollowerWrite; together with the followers state. */
  upsertFollowers(
    accountId: string,
    fence: number,
    write: FollowerWrite,
    state: KindState,
  ): Promise<WriteResult>;
  /**
   * Marks at most `limit` followers that are stored as subscribed and were last seen in
   * a pass LOWER than `sweep.pass` as unsubscribed (`subscribed: false`,
   * `unsubscribedAt: sweep.at`; the rest of the record kept). Atomic per call, fenced.
   * Returns how many it marked: call again until it returns 0. Idempotent (a marked
   * follower is not marked again), so a sweep interrupted by a crash is simply rerun.
   * Only call it after a pass saw every page: a partial pass would unsubscribe
   * everyone on the pages it did not reach.
   */
  markUnsubscribed(accountId: string, fence: number, sweep: UnsubscribeSweep): Promise<number>;
  countFollowers(accountId: string): Promise<FollowerCounts>;
  /** The stored records of these openids (absent ones left out). Read only. */
  getFollowers(accountId: string, openids: string[]): Promise<Map<string, StoredFollower>>;
  /**
   * Applies pushed follower events (at most one per openid per call, see FollowerEvent),
   * fenced and atomic per call. A subscribed record counts as seen in `seenPass` (the
   * followers pass in progress, or the next one), so the unsubscribe sweep of an earlier
   * pass never marks it. Returns how many were applied and how many were older than
   * what is stored.
   */
  applyFollowerEvents(
    accountId: string,
    fence: number,
    events: FollowerEvent[],
    seenPass: number,
  ): Promise<{ applied: number; stale: number }>;

  /** Upserts permanent materials by mediaId together with the materials state. */
  upsertMaterials(
    accountId: string,
    fence: number,
    materials: StoredMaterial[],
    state: KindState,
  ): Promise<WriteResult>;
  /** Stored materials per type (0 for a type never synced). */
  countMaterials(accountId: string): Promise<MaterialCounts>;

  /** Every kind's state; the empty state (all null) for a kind never written. */
  getSyncState(accountId: string): Promise<SyncState>;
  /**
   * Replaces one kind's state without writing records: starting a pass (a checkpoint
   * before its first page), finishing it (checkpoint null, lastCompleted set). Fenced.
   */
  saveKindState(accountId: string, fence: number, kind: SyncStoreKind, state: KindState): Promise<void>;

  /** Idempotent. Later calls on the store reject. */
  close(): Promise<void>;
}

/** Upper bound of `ListOptions.limit`, so one listing cannot pull a whole account into memory. */
export const MAX_LIST_LIMIT = 1000;

/**
 * Upper bound of `UnsubscribeSweep.limit`: one sweep call is one Redis script / one
 * transaction, and Redis serves nothing else while a script runs.
 */
export const MAX_SWEEP_LIMIT = 1000;

/**
 * A store whose sync state lives in plain Redis keys of the account's `{accountId}` hash
 * tag (the Redis store): a job's start reads them in the lock's own script, so the
 * state it starts from is the one the new lock protects, with no round trip of its own.
 * The PostgreSQL store has none: its jobs read the state with getSyncState.
 */
export interface SyncStateKeys {
  syncStateKeys(accountId: string): string[];
  syncStateFrom(values: readonly (string | null)[]): SyncState;
}

export function hasSyncStateKeys(store: SyncStore): store is SyncStore & SyncStateKeys {
  const candidate = store as Partial<SyncStateKeys>;
  return typeof candidate.syncStateKeys === 'function' && typeof candidate.syncStateFrom === 'function';
}
