import { toStaleFenceError } from '../lock/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { canonicalJson } from './canonical-json.js';
import { decodeCursor, encodeCursor, idOfMember, indexMember } from './list-index.js';
import { RedisFollowers } from './redis-followers.js';
import { checkFence, checkLimit, checkState, latestById } from './store-checks.js';
import { type StoreCommands, storeCommands } from './store-commands.js';
import type { StoredArticle } from './stored-article.js';
import type { FollowerCounts, StoredFollower } from './stored-follower.js';
import { MATERIAL_TYPES, type MaterialCounts, type StoredMaterial } from './stored-material.js';
import { emptyKindState, type KindState, type SyncState, type SyncStoreKind } from './sync-state.js';
import type {
  FollowerEvent,
  FollowerWrite,
  ListOptions,
  ListPage,
  SyncStore,
  UnsubscribeSweep,
  WriteResult,
} from './sync-store.js';

export interface RedisSyncStoreOptions {
  /** A `client`-role connection. It stays the caller's: close() does not quit it. */
  redis: RedisClient;
  keys: RedisKeys;
}

const ARTICLES = 'articles';
const KINDS: SyncStoreKind[] = ['articles', 'followers', 'materials'];

/** Materials are kept per type (data hash and index each), so counting a type is one HLEN. */
const materialKind = (type: string) => `materials:${type}`;

/**
 * SyncStore on the Redis that also holds the queue and the locks. Per account and kind:
 * a hash (field = record id, value = canonical JSON), a listing index (list-index.ts)
 * or, for followers, the seen set (redis-followers.ts), and the kind's state; all
 * written only by the fenced scripts in store-scripts.ts, records and state in one
 * script. Only what the mappers put in the records is stored; records carry no token
 * or secret by construction.
 */
export class RedisSyncStore implements SyncStore {
  readonly #redis: RedisClient;
  readonly #keys: RedisKeys;
  readonly #commands: StoreCommands;
  readonly #followers: RedisFollowers;
  #closed = false;

  constructor(opts: RedisSyncStoreOptions) {
    this.#redis = opts.redis;
    this.#keys = opts.keys;
    this.#commands = storeCommands(opts.redis);
    this.#followers = new RedisFollowers(opts.redis, opts.keys, this.#commands);
  }

  async upsertArticles(
    accountId: string,
    fence: number,
    articles: StoredArticle[],
    state: KindState,
  ): Promise<WriteResult> {
    this.#assertWrite(fence);
    checkState('articles', state);
    const records = latestById(articles, (a) => a.articleId).map((a) => ({ id: a.articleId, record: a }));
    return this.#upsertRecords(accountId, fence, ARTICLES, 'articles', records, state);
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

  async getArticles(accountId: string, articleIds: string[]): Promise<Map<string, StoredArticle>> {
    this.#assertOpen();
    const ids = [...new Set(articleIds)];
    const found = new Map<string, StoredArticle>();
    if (ids.length === 0) return found;
    const values = await this.#redis.hmget(this.#keys.data(accountId, ARTICLES), ...ids);
    ids.forEach((id, i) => {
      const json = values[i];
      if (json) found.set(id, JSON.parse(json) as StoredArticle);
    });
    return found;
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
    this.#assertWrite(fence);
    return this.#followers.applyEvents(accountId, fence, events, seenPass);
  }

  /**
   * Materials of several types in one call are written one script per type; each
   * script writes the state, so pass a page of one type (as the sync does) to keep
   * "page and checkpoint together" exact.
   */
  async upsertMaterials(
    accountId: string,
    fence: number,
    materials: StoredMaterial[],
    state: KindState,
  ): Promise<WriteResult> {
    this.#assertWrite(fence);
    checkState('materials', state);
    const total: WriteResult = { added: 0, updated: 0, unchanged: 0 };
    const unique = latestById(materials, (m) => m.mediaId);
    const types = unique.length === 0 ? [MATERIAL_TYPES[0]] : [...new Set(unique.map((m) => m.type))];
    for (const type of types) {
      const records = unique.filter((m) => m.type === type).map((m) => ({ id: m.mediaId, record: m }));
      const written = await this.#upsertRecords(
        accountId,
        fence,
        materialKind(type),
        'materials',
        records,
        state,
      );
      total.added += written.added;
      total.updated += written.updated;
      total.unchanged += written.unchanged;
    }
    return total;
  }

  async countMaterials(accountId: string): Promise<MaterialCounts> {
    this.#assertOpen();
    const pipeline = this.#redis.pipeline();
    for (const type of MATERIAL_TYPES) pipeline.hlen(this.#keys.data(accountId, materialKind(type)));
    const replies = (await pipeline.exec()) ?? [];
    const counts = {} as MaterialCounts;
    MATERIAL_TYPES.forEach((type, i) => {
      const [err, value] = replies[i] ?? [new Error('missing pipeline reply'), null];
      if (err) throw err;
      counts[type] = Number(value);
    });
    return counts;
  }

  async getSyncState(accountId: string): Promise<SyncState> {
    this.#assertOpen();
    return this.syncStateFrom(await this.#redis.mget(...this.syncStateKeys(accountId)));
  }

  /** The keys getSyncState reads, for a job's start to read them under the new lock (see SyncStateKeys). */
  syncStateKeys(accountId: string): string[] {
    return KINDS.map((kind) => this.#keys.checkpoint(accountId, kind));
  }

  /** The sync state from the values of syncStateKeys, in their order. */
  syncStateFrom(values: readonly (string | null)[]): SyncState {
    const state = {} as SyncState;
    KINDS.forEach((kind, i) => {
      const json = values[i];
      state[kind] = json ? (JSON.parse(json) as KindState) : emptyKindState();
    });
    return state;
  }

  async saveKindState(
    accountId: string,
    fence: number,
    kind: SyncStoreKind,
    state: KindState,
  ): Promise<void> {
    this.#assertWrite(fence);
    checkState(kind, state);
    try {
      await this.#commands.storeSaveState(
        this.#keys.fence(accountId),
        this.#keys.checkpoint(accountId, kind),
        fence,
        canonicalJson(state),
      );
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  async #upsertRecords(
    accountId: string,
    fence: number,
    dataKind: string,
    stateKind: SyncStoreKind,
    records: { id: string; record: { updateTime: number } }[],
    state: KindState,
  ): Promise<WriteResult> {
    const args = records.flatMap(({ id, record }) => [
      id,
      indexMember(record.updateTime, id),
      canonicalJson(record),
    ]);
    // An empty batch still runs the script: a stale writer learns it is stale at once, and
    // the state is saved. Redis serves nothing else while a script runs, so pass a page at a
    // time (the sync's 20 records), not a whole account.
    try {
      const [added, updated, unchanged] = await this.#commands.storeUpsertRecords(
        this.#keys.fence(accountId),
        this.#keys.data(accountId, dataKind),
        this.#keys.dataIndex(accountId, dataKind),
        this.#keys.checkpoint(accountId, stateKind),
        fence,
        canonicalJson(state),
        ...args,
      );
      return { added, updated, unchanged };
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  #assertWrite(fence: number): void {
    this.#assertOpen();
    checkFence(fence);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('RedisSyncStore is closed');
  }
}
