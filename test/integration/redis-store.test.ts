import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { StaleFenceError } from '../../src/lock/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import {
  emptyKindState,
  InvalidCursorError,
  RedisSyncStore,
  type StoredArticle,
} from '../../src/store/index.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('redis-store');
const keys = new RedisKeys(prefix);
let redis: Redis;
let store: RedisSyncStore;
/** These tests are about records; the state written with them is covered by the store contract suite. */
const NO_STATE = emptyKindState();

beforeAll(() => {
  redis = createTestRedis();
  store = new RedisSyncStore({ redis, keys });
});

afterAll(async () => {
  await store.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

function article(id: string, updateTime: number, title = `title ${id}`): StoredArticle {
  return {
    articleId: id,
    updateTime,
    items: [
      {
        title,
        author: 'author',
        digest: 'digest',
        url: `https://mp.weixin.qq.com/s/${id}`,
        contentSourceUrl: '',
        thumbMediaId: `thumb-${id}`,
        isDeleted: false,
      },
    ],
  };
}

/** Takes the account's next fence the way the lock's acquire script does. */
async function nextFence(accountId: string): Promise<number> {
  return redis.incr(keys.fence(accountId));
}

async function rawState(accountId: string) {
  return {
    data: await redis.hgetall(keys.data(accountId, 'articles')),
    index: await redis.zrange(keys.dataIndex(accountId, 'articles'), 0, -1),
  };
}

async function listAll(accountId: string, limit: number) {
  const pages: StoredArticle[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listArticles(accountId, cursor === undefined ? { limit } : { cursor, limit });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

describe('RedisSyncStore.upsertArticles', () => {
  test('counts added, then unchanged on repeat, then updated when a field changes', async () => {
    const fence = await nextFence('acc-counts');
    const batch = [article('a1', 100), article('a2', 200), article('a3', 300)];

    expect(await store.upsertArticles('acc-counts', fence, batch, NO_STATE)).toEqual({
      added: 3,
      updated: 0,
      unchanged: 0,
    });
    expect(await store.upsertArticles('acc-counts', fence, batch, NO_STATE)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 3,
    });

    const edited = [article('a1', 100), article('a2', 200, 'a new title'), article('a3', 300)];
    expect(await store.upsertArticles('acc-counts', fence, edited, NO_STATE)).toEqual({
      added: 0,
      updated: 1,
      unchanged: 2,
    });
    expect(await store.countArticles('acc-counts')).toBe(3);

    const stored = await redis.hget(keys.data('acc-counts', 'articles'), 'a2');
    expect(JSON.parse(stored ?? 'null')).toEqual(edited[1]);
  });

  test('key order and undefined optional fields do not make a record look changed', async () => {
    const fence = await nextFence('acc-order');
    const original = article('o1', 100);
    await store.upsertArticles('acc-order', fence, [original], NO_STATE);
    const [item] = original.items;
    const reordered: StoredArticle = {
      items: [{ ...Object.fromEntries(Object.entries(item ?? {}).reverse()), thumbUrl: undefined } as never],
      updateTime: 100,
      articleId: 'o1',
    };
    expect(await store.upsertArticles('acc-order', fence, [reordered], NO_STATE)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 1,
    });
  });

  test('a record repeated in one batch is written once, the last occurrence winning', async () => {
    const fence = await nextFence('acc-dup');
    const result = await store.upsertArticles(
      'acc-dup',
      fence,
      [article('d1', 100, 'first'), article('d1', 150, 'last')],
      NO_STATE,
    );
    expect(result).toEqual({ added: 1, updated: 0, unchanged: 0 });
    const [page] = await listAll('acc-dup', 10);
    expect(page).toEqual([article('d1', 150, 'last')]);
    expect((await rawState('acc-dup')).index).toHaveLength(1);
  });

  test('a stale fence is refused with StaleFenceError and nothing is written', async () => {
    const stale = await nextFence('acc-fence');
    await store.upsertArticles('acc-fence', stale, [article('f1', 100)], NO_STATE);
    const current = await nextFence('acc-fence');
    const before = await rawState('acc-fence');

    const attempt = store.upsertArticles(
      'acc-fence',
      stale,
      [article('f1', 100, 'stale edit'), article('f2', 200)],
      NO_STATE,
    );
    await expect(attempt).rejects.toBeInstanceOf(StaleFenceError);
    await expect(attempt).rejects.toMatchObject({
      accountId: 'acc-fence',
      fence: stale,
      currentFence: current,
    });
    expect(await rawState('acc-fence')).toEqual(before);

    // Even an empty batch is checked, so a stale writer learns it at its first write.
    await expect(store.upsertArticles('acc-fence', stale, [], NO_STATE)).rejects.toBeInstanceOf(
      StaleFenceError,
    );
    // The current holder still writes.
    expect(await store.upsertArticles('acc-fence', current, [article('f2', 200)], NO_STATE)).toMatchObject({
      added: 1,
    });
  });

  test('a fence that is not a positive integer is a caller bug, refused before Redis', async () => {
    await expect(store.upsertArticles('acc-bad', 0, [article('b1', 1)], NO_STATE)).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(store.upsertArticles('acc-bad', 1.5, [article('b1', 1)], NO_STATE)).rejects.toBeInstanceOf(
      RangeError,
    );
    expect(await redis.exists(keys.data('acc-bad', 'articles'))).toBe(0);
  });
});

describe('RedisSyncStore.listArticles', () => {
  const ids = Array.from({ length: 45 }, (_, n) => `art-${String(n).padStart(2, '0')}`);
  // Groups of three share an updateTime, so ties must be ordered and paged correctly too.
  const seeded = ids.map((id, n) => article(id, 1_700_000_000 + Math.floor(n / 3) * 60));
  const newestFirst = [...seeded].sort(
    (a, b) => b.updateTime - a.updateTime || (a.articleId < b.articleId ? 1 : -1),
  );

  beforeAll(async () => {
    await store.upsertArticles('acc-list', await nextFence('acc-list'), seeded, NO_STATE);
  });

  test('pages with a cursor: newest first, every record once, null cursor on the last page', async () => {
    const pages = await listAll('acc-list', 20);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pages.flat()).toEqual(newestFirst);
  });

  test('a page that ends exactly at the last record says there is no next page', async () => {
    const pages = await listAll('acc-list', 15);
    expect(pages.map((p) => p.length)).toEqual([15, 15, 15]);
  });

  test('an account with nothing stored lists an empty last page', async () => {
    expect(await store.listArticles('acc-empty', { limit: 5 })).toEqual({ items: [], nextCursor: null });
    expect(await store.countArticles('acc-empty')).toBe(0);
  });

  test('records written between two pages neither repeat nor hide the ones not yet listed', async () => {
    const fence = await nextFence('acc-list-live');
    const initial = seeded.slice(0, 10);
    await store.upsertArticles('acc-list-live', fence, initial, NO_STATE);
    const page1 = await store.listArticles('acc-list-live', { limit: 4 });
    // A newer record lands before the listed ones, an older one after them.
    await store.upsertArticles(
      'acc-list-live',
      fence,
      [article('newest', 1_800_000_000), article('oldest', 1)],
      NO_STATE,
    );
    const page2 = await store.listArticles('acc-list-live', { cursor: page1.nextCursor ?? '', limit: 100 });

    const expected = newestFirst.filter((a) => initial.includes(a)).map((a) => a.articleId);
    expect(page1.items.map((a) => a.articleId)).toEqual(expected.slice(0, 4));
    expect(page2.items.map((a) => a.articleId)).toEqual([...expected.slice(4), 'oldest']);
    expect(page2.nextCursor).toBeNull();
  });

  test('an update that changes updateTime moves the record in the listing instead of duplicating it', async () => {
    const fence = await nextFence('acc-move');
    await store.upsertArticles(
      'acc-move',
      fence,
      [article('m1', 100), article('m2', 200), article('m3', 300)],
      NO_STATE,
    );
    expect(
      await store.upsertArticles('acc-move', fence, [article('m1', 400, 'edited')], NO_STATE),
    ).toMatchObject({
      updated: 1,
    });

    const [page] = await listAll('acc-move', 10);
    expect(page?.map((a) => a.articleId)).toEqual(['m1', 'm3', 'm2']);
    expect((await rawState('acc-move')).index).toHaveLength(3);
  });

  test('a cursor the store did not hand out is refused', async () => {
    for (const cursor of [
      'not a cursor',
      'Zm9v',
      Buffer.from('0000000000000100').toString('base64url'),
      '',
    ]) {
      await expect(store.listArticles('acc-list', { cursor, limit: 5 })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
  });

  test('limit must be an integer in 1..1000', async () => {
    for (const limit of [0, -1, 1.5, 1001]) {
      await expect(store.listArticles('acc-list', { limit })).rejects.toBeInstanceOf(RangeError);
    }
  });
});

describe('RedisSyncStore.close', () => {
  test('is idempotent, leaves the caller-owned connection open, and refuses later calls', async () => {
    const own = new RedisSyncStore({ redis, keys });
    await own.close();
    await own.close();
    await expect(own.countArticles('acc-counts')).rejects.toThrow('closed');
    expect(await redis.ping()).toBe('PONG');
  });
});
