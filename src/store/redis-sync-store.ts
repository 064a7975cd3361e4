import type { Redis } from 'ioredis';
import { toStaleFenceError } from '../lock/index.js';
import type { RedisKeys } from '../redis/keys.js';
import { canonicalJson } from './canonical-json.js';
import { decodeCursor, encodeCursor, idOfMember, indexMember } from './list-index.js';
import { type StoreCommands, storeCommands } from './store-commands.js';
import type { StoredArticle } from './stored-article.js';
import {
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  type SyncStore,
  type WriteResult,
} from './sync-store.js';

export interface RedisSyncStoreOptions {
  /** A `client`-role connection. It stays the caller's: close() does not quit it. */
  redis: Redis;
  keys: RedisKeys;
}

const ARTICLES = 'articles';

/**
 * SyncStore on the Redis that also holds the queue and the locks. Per account and kind:
 * a hash (field = record id, value = canonical JSON) and a listing index (list-index.ts),
 * both written only by the fenced upsert script. Only what the mappers put in the
 * records is stored; records carry no token or secret by construction.
 */
export class RedisSyncStore implements SyncStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #commands: StoreCommands;
  #closed = false;

  constructor(opts: RedisSyncStoreOptions) {
    this.#redis = opts.redis;
    this.#keys = opts.keys;
    this.#commands = storeCommands(opts.redis);
  }

  async upsertArticles(accountId: string, fence: number, articles: StoredArticle[]): Promise<WriteResult> {
    this.#assertOpen();
    checkFence(fence);
    const records = latestById(articles).flatMap((a) => [
      a.articleId,
      indexMember(a.updateTime, a.articleId),
      canonicalJson(a),
    ]);
    // An empty batch still runs the script: a stale writer learns it is stale at once.
    // Redis serves nothing else while a script runs, so pass a page at a time (the sync's
    // 20 records), not a whole account.
    try {
      const [added, updated, unchanged] = await this.#commands.storeUpsertRecords(
        this.#keys.fence(accountId),
        this.#keys.data(accountId, ARTICLES),
        this.#keys.dataIndex(accountId, ARTICLES),
        fence,
        ...records,
      );
      return { added, updated, unchanged };
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  async listArticles(accountId: string, opts: ListOptions): Promise<ListPage<StoredArticle>> {
    this.#assertOpen();
    checkLimit(opts.limit);
    const from = opts.cursor === undefined ? '+' : `(${decodeCursor(opts.cursor)}`;
    // One extra member tells whether another page follows, so the last page says null.
    const members = await this.#redis.zrange(
      this.#keys.dataIndex(accountId, ARTICLES),
      from,
      '-',
      'BYLEX',
      'REV',
      'LIMIT',
      0,
      opts.limit + 1,
    );
    const page = members.slice(0, opts.limit);
    if (page.length === 0) return { items: [], nextCursor: null };
    const values = await this.#redis.hmget(this.#keys.data(accountId, ARTICLES), ...page.map(idOfMember));
    const items = values.flatMap((json) => (json === null ? [] : [JSON.parse(json) as StoredArticle]));
    const last = page[page.length - 1];
    return { items, nextCursor: members.length > opts.limit && last ? encodeCursor(last) : null };
  }

  async countArticles(accountId: string): Promise<number> {
    this.#assertOpen();
    return this.#redis.hlen(this.#keys.data(accountId, ARTICLES));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('RedisSyncStore is closed');
  }
}

/**
 * One record per id, the last occurrence winning: the script compares every record to
 * what was stored before it ran, so a duplicate in one batch would be written twice.
 */
function latestById(articles: StoredArticle[]): StoredArticle[] {
  return [...new Map(articles.map((a) => [a.articleId, a])).values()];
}

function checkFence(fence: number): void {
  if (!Number.isSafeInteger(fence) || fence < 1) {
    throw new RangeError(`fence must be a positive integer (a lease's fence), got ${fence}`);
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new RangeError(`limit must be an integer in 1..${MAX_LIST_LIMIT}, got ${limit}`);
  }
}
