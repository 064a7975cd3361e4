import pg from 'pg';
import type { Logger } from 'pino';
import { decodeCursor, encodeCursor, INDEX_TIME_DIGITS, indexMember } from '../list-index.js';
import { checkFence, checkLimit, checkState, latestById } from '../store-checks.js';
import type { StoredArticle } from '../stored-article.js';
import type { FollowerCounts, StoredFollower } from '../stored-follower.js';
import { MATERIAL_TYPES, type MaterialCounts, type StoredMaterial } from '../stored-material.js';
import type { KindState, SyncState, SyncStoreKind } from '../sync-state.js';
import type {
  FollowerEvent,
  FollowerWrite,
  ListOptions,
  ListPage,
  SyncStore,
  UnsubscribeSweep,
  WriteResult,
} from '../sync-store.js';
import { withFencedTransaction } from './fenced-transaction.js';
import { type MigrateResult, migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { PgFollowers } from './pg-followers.js';
import { readSyncState, saveState } from './pg-sync-state.js';
import {
  COUNT_MATERIALS_SQL,
  LIST_ARTICLES_SQL,
  UPSERT_ARTICLES_SQL,
  UPSERT_MATERIALS_SQL,
} from './record-tables.js';
import { upsertRecords } from './record-upsert.js';

export interface PostgresSyncStoreOptions {
  /** `postgres://…` (STORE_URL); `?options=-c search_path=…` picks the schema. */
  connectionString: string;
  logger: Logger;
  /** Pool size per process; default 10 (WORKER_CONCURRENCY jobs share it, each holding a client only per page). */
  maxConnections?: number;
}

/**
 * SyncStore on PostgreSQL (tables: migrations.ts). Every write is one transaction that
 * claims the account's fence first (fenced-transaction.ts, which also states how its
 * guarantee differs from the Redis store's) and writes the page's records and the
 * kind's state together, so both land or neither does. Open with `PostgresSyncStore.open`,
 * which migrates the schema before the store is handed out.
 */
export class PostgresSyncStore implements SyncStore {
  readonly #pool: pg.Pool;
  readonly #followers: PgFollowers;
  #closing: Promise<void> | undefined;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#followers = new PgFollowers(pool);
  }

  /** Connects and applies missing migrations; rejects (and closes the pool) when either fails. */
  static async open(opts: PostgresSyncStoreOptions): Promise<PostgresSyncStore> {
    const pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.maxConnections ?? 10,
      application_name: 'wechat-sync',
      connectionTimeoutMillis: 10_000,
    });
    // An idle client's connection dropping (a database restart) is emitted here; without
    // a listener it would crash the process. The pool replaces the client on next use.
    pool.on('error', (err) => opts.logger.warn({ err }, 'postgres idle connection error'));
    try {
      const result: MigrateResult = await migrate(pool, MIGRATIONS);
      opts.logger.info({ ...result }, 'postgres store schema ready');
      return new PostgresSyncStore(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  async upsertArticles(
    accountId: string,
    fence: number,
    articles: StoredArticle[],
    state: KindState,
  ): Promise<WriteResult> {
    this.#assertWrite(fence);
    checkState('articles', state);
    const rows = latestById(articles, (a) => a.articleId).map((a) => {
      indexMember(a.updateTime, a.articleId); // the same bounds as the Redis store (RangeError)
      return { id: a.articleId, data: a, update_time: a.updateTime };
    });
    return this.#writePage(accountId, fence, 'articles', state, UPSERT_ARTICLES_SQL, rows);
  }

  async listArticles(accountId: string, opts: ListOptions): Promise<ListPage<StoredArticle>> {
    this.#assertOpen();
    checkLimit(opts.limit);
    // Redis-store cursors (the same layout) are valid here too: `<16-digit time>:<id>`.
    const after = opts.cursor === undefined ? null : decodeCursor(opts.cursor);
    const time = after === null ? null : Number(after.slice(0, INDEX_TIME_DIGITS));
    const id = after === null ? null : after.slice(INDEX_TIME_DIGITS + 1);
    // One extra row tells whether another page follows, so the last page says null.
    const { rows } = await this.#pool.query<{ data: StoredArticle; update_time: string; article_id: string }>(
      LIST_ARTICLES_SQL,
      [accountId, time, id, opts.limit + 1],
    );
    const page = rows.slice(0, opts.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > opts.limit && last
        ? encodeCursor(indexMember(Number(last.update_time), last.article_id))
        : null;
    return { items: page.map((r) => r.data), nextCursor };
  }

  async countArticles(accountId: string): Promise<number> {
    this.#assertOpen();
    const { rows } = await this.#pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM articles WHERE account_id = $1',
      [accountId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async findNewFollowers(accountId: string, openids: string[]): Promise<string[]> {
    this.#assertOpen();
    return this.#followers.findNew(accountId, openids);
  }

  async upsertFollowers(
    accountId: string,
    fence: number,
    write: FollowerWrite,
    state: KindState,
  ): Promise<WriteResult> {
    this.#assertWrite(fence);
    return this.#followers.upsert(accountId, fence, write, state);
  }

  async markUnsubscribed(accountId: string, fence: number, sweep: UnsubscribeSweep): Promise<number> {
    this.#assertWrite(fence);
    return this.#followers.markUnsubscribed(accountId, fence, sweep);
  }

  async getArticles(accountId: string, articleIds: string[]): Promise<Map<string, StoredArticle>> {
    this.#assertOpen();
    const found = new Map<string, StoredArticle>();
    if (articleIds.length === 0) return found;
    const { rows } = await this.#pool.query<{ article_id: string; data: StoredArticle }>(
      'SELECT article_id, data FROM articles WHERE account_id = $1 AND article_id = ANY($2::text[])',
      [accountId, [...new Set(articleIds)]],
    );
    for (const row of rows) found.set(row.article_id, row.data);
    return found;
  }

  async countFollowers(accountId: string): Promise<FollowerCounts> {
    this.#assertOpen();
    return this.#followers.count(accountId);
  }

  async getFollowers(accountId: string, openids: string[]): Promise<Map<string, StoredFollower>> {
    this.#assertOpen();
    return this.#followers.get(accountId, openids);
  }

  async applyFollowerEvents(
    accountId: string,
    fence: number,
    events: FollowerEvent[],
    seenPass: number,
  ): Promise<{ applied: number; stale: number }> {
    this.#assertOpen();
    checkFence(fence);
    return this.#followers.applyEvents(accountId, fence, events, seenPass);
  }

  async upsertMaterials(
    accountId: string,
    fence: number,
    materials: StoredMaterial[],
    state: KindState,
  ): Promise<WriteResult> {
    this.#assertWrite(fence);
    checkState('materials', state);
    const rows = latestById(materials, (m) => m.mediaId).map((m) => ({
      id: m.mediaId,
      data: m,
      type: m.type,
      update_time: m.updateTime,
    }));
    return this.#writePage(accountId, fence, 'materials', state, UPSERT_MATERIALS_SQL, rows);
  }

  async countMaterials(accountId: string): Promise<MaterialCounts> {
    this.#assertOpen();
    const { rows } = await this.#pool.query<{ type: string; n: string }>(COUNT_MATERIALS_SQL, [accountId]);
    const byType = new Map(rows.map((r) => [r.type, Number(r.n)]));
    return Object.fromEntries(MATERIAL_TYPES.map((t) => [t, byType.get(t) ?? 0])) as MaterialCounts;
  }

  async getSyncState(accountId: string): Promise<SyncState> {
    this.#assertOpen();
    return readSyncState(this.#pool, accountId);
  }

  async saveKindState(
    accountId: string,
    fence: number,
    kind: SyncStoreKind,
    state: KindState,
  ): Promise<void> {
    this.#assertWrite(fence);
    checkState(kind, state);
    await withFencedTransaction(this.#pool, accountId, fence, (client) =>
      saveState(client, accountId, kind, state),
    );
  }

  /** Waits for queries in flight, then closes every connection. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }

  #writePage(
    accountId: string,
    fence: number,
    kind: SyncStoreKind,
    state: KindState,
    sql: string,
    rows: Array<{ id: string; data: unknown } & Record<string, unknown>>,
  ): Promise<WriteResult> {
    // An empty page still claims the fence and saves the state: a stale writer learns it is stale at once.
    return withFencedTransaction(this.#pool, accountId, fence, async (client) => {
      const result = await upsertRecords(client, sql, accountId, rows);
      await saveState(client, accountId, kind, state);
      return result;
    });
  }

  #assertWrite(fence: number): void {
    this.#assertOpen();
    checkFence(fence);
  }

  #assertOpen(): void {
    if (this.#closing) throw new Error('PostgresSyncStore is closed');
  }
}
