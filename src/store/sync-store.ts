import type { StoredArticle } from './stored-article.js';

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

/**
 * Where synced data goes. One interface for every backend (Redis now, PostgreSQL later)
 * and every kind (articles now; followers and materials add their own methods). Every
 * write carries the writer's lock fence and is refused with StaleFenceError, atomically
 * with the write, when a newer lock holder exists: a paused job that outlived its lease
 * must not overwrite what the newer job wrote.
 */
export interface SyncStore {
  /**
   * Upserts by articleId in ONE atomic step that first checks the fence: refuses
   * (StaleFenceError, nothing written) a fence lower than the account's current one.
   */
  upsertArticles(accountId: string, fence: number, articles: StoredArticle[]): Promise<WriteResult>;
  /** Newest first (updateTime, then articleId, descending); stable under concurrent upserts. */
  listArticles(accountId: string, opts: ListOptions): Promise<ListPage<StoredArticle>>;
  countArticles(accountId: string): Promise<number>;
  /** Idempotent. Later calls on the store reject. */
  close(): Promise<void>;
}

/** Upper bound of `ListOptions.limit`, so one listing cannot pull a whole account into memory. */
export const MAX_LIST_LIMIT = 1000;
