import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { StaleFenceError } from '../../src/lock/index.js';
import { InvalidCursorError } from '../../src/store/invalid-cursor-error.js';
import { emptyKindState } from '../../src/store/sync-state.js';
import { MAX_LIST_LIMIT, type SyncStore } from '../../src/store/sync-store.js';
import { type ContractHarness, emptyState, newAccount } from './contract-harness.js';
import { followerEventsContract } from './follower-events.contract.js';
import { followerContract } from './followers.contract.js';
import { materialContract } from './materials.contract.js';
import { article, completedState, follower, material, reversedKeys, stateAt } from './store-fixtures.js';

export type { ContractHarness } from './contract-harness.js';

/**
 * The behaviour every SyncStore must have (sync-store.ts), run against one backend.
 * Call from a test file: `syncStoreContract('redis', async () => harness, { faultHook: false })`.
 */
export function syncStoreContract(
  backend: string,
  setup: () => Promise<ContractHarness>,
  opts: { faultHook: boolean },
): void {
  // Known when the tests are defined (the harness only exists from beforeAll on), so a
  // backend without failStateWritesAfterRecords shows that test as skipped, not as passed.
  const faultTest = opts.faultHook ? test : test.skip;
  describe(`SyncStore contract: ${backend}`, () => {
    let h: ContractHarness;
    let store: SyncStore;
    beforeAll(async () => {
      h = await setup();
      store = h.store;
    });
    afterAll(async () => h.teardown());

    /** A new account and its first lock holder's fence. */
    const holder = async () => {
      const accountId = newAccount();
      return { accountId, fence: await h.newHolder(accountId) };
    };

    describe('articles: idempotent upserts', () => {
      test('counts added, then unchanged for the same page, then updated for a changed record', async () => {
        const { accountId, fence } = await holder();
        const page = [article('a1', 100), article('a2', 200)];
        expect(await store.upsertArticles(accountId, fence, page, stateAt('articles', 1, 1))).toEqual({
          added: 2,
          updated: 0,
          unchanged: 0,
        });
        expect(await store.upsertArticles(accountId, fence, page, stateAt('articles', 1, 1))).toEqual({
          added: 0,
          updated: 0,
          unchanged: 2,
        });
        const changed = [article('a1', 100, 'new title'), article('a2', 200), article('a3', 50)];
        expect(await store.upsertArticles(accountId, fence, changed, stateAt('articles', 1, 2))).toEqual({
          added: 1,
          updated: 1,
          unchanged: 1,
        });
        expect(await store.countArticles(accountId)).toBe(3);
        const { items } = await store.listArticles(accountId, { limit: 10 });
        expect(items).toEqual([article('a2', 200), article('a1', 100, 'new title'), article('a3', 50)]);
      });

      test('key order never makes a record "updated"; duplicates in one call count once, the last winning', async () => {
        const { accountId, fence } = await holder();
        await store.upsertArticles(accountId, fence, [article('a1', 100)], stateAt('articles', 1, 1));
        const again = [reversedKeys(article('a1', 100))];
        expect(await store.upsertArticles(accountId, fence, again, stateAt('articles', 1, 1))).toEqual({
          added: 0,
          updated: 0,
          unchanged: 1,
        });
        const dup = [article('b1', 10, 'first'), article('b1', 10, 'second')];
        expect(await store.upsertArticles(accountId, fence, dup, stateAt('articles', 1, 2))).toEqual({
          added: 1,
          updated: 0,
          unchanged: 0,
        });
        expect(await store.countArticles(accountId)).toBe(2);
        expect((await store.listArticles(accountId, { limit: 1 })).items).toEqual([article('a1', 100)]);
        const all = (await store.listArticles(accountId, { limit: 5 })).items;
        expect(all.find((a) => a.articleId === 'b1')?.items[0]?.title).toBe('second');
      });

      test('a changed updateTime moves the article in the listing, never duplicating it', async () => {
        const { accountId, fence } = await holder();
        const state = stateAt('articles', 1, 1);
        await store.upsertArticles(accountId, fence, [article('a1', 100), article('a2', 200)], state);
        await store.upsertArticles(accountId, fence, [article('a1', 300)], state);
        const { items } = await store.listArticles(accountId, { limit: 10 });
        expect(items.map((a) => [a.articleId, a.updateTime])).toEqual([
          ['a1', 300],
          ['a2', 200],
        ]);
      });

      test('refuses a fence that is not a positive integer, and a bad updateTime, writing nothing', async () => {
        const { accountId, fence } = await holder();
        const state = stateAt('articles', 1, 1);
        for (const bad of [0, -1, 1.5, Number.NaN]) {
          await expect(store.upsertArticles(accountId, bad, [article('a', 1)], state)).rejects.toThrow(
            RangeError,
          );
        }
        await expect(
          store.upsertArticles(accountId, fence, [article('ok', 1), article('bad', -5)], state),
        ).rejects.toThrow(RangeError);
        expect(await store.countArticles(accountId)).toBe(0);
        expect(await store.getSyncState(accountId)).toEqual(emptyState());
      });
    });

    describe('articles: listing with cursors', () => {
      test('pages newest first by (updateTime, articleId) descending, each record once, the last page null', async () => {
        const { accountId, fence } = await holder();
        // Equal times on purpose: the id breaks ties, byte order (upper case before lower).
        const records = [
          article('m', 5),
          article('Z', 5),
          article('a', 5),
          article('x', 9),
          article('b', 1),
          article('c', 7),
          article('zz', 7),
        ];
        await store.upsertArticles(accountId, fence, records, stateAt('articles', 1, 1));
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<SyncStore['listArticles']>> = await store.listArticles(accountId, {
            limit: 3,
            ...(cursor === undefined ? {} : { cursor }),
          });
          seen.push(...page.items.map((a) => a.articleId));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor !== undefined);
        expect(seen).toEqual(['x', 'zz', 'c', 'm', 'a', 'Z', 'b']);
        expect(pages).toBe(3);
        const exact = await store.listArticles(accountId, { limit: 7 });
        expect(exact.items).toHaveLength(7);
        expect(exact.nextCursor).toBeNull();
      });

      test('a cursor neither skips nor repeats records when upserts land between two pages', async () => {
        const { accountId, fence } = await holder();
        const state = stateAt('articles', 1, 1);
        await store.upsertArticles(
          accountId,
          fence,
          [10, 20, 30, 40].map((t) => article(`a${t}`, t)),
          state,
        );
        const first = await store.listArticles(accountId, { limit: 2 });
        expect(first.items.map((a) => a.articleId)).toEqual(['a40', 'a30']);
        // A newer article lands before the cursor, an older one after it.
        await store.upsertArticles(accountId, fence, [article('a50', 50), article('a15', 15)], state);
        const rest = await store.listArticles(accountId, { limit: 10, cursor: first.nextCursor ?? '' });
        expect(rest.items.map((a) => a.articleId)).toEqual(['a20', 'a15', 'a10']);
        expect(rest.nextCursor).toBeNull();
      });

      test('an empty account lists nothing; bad cursors and limits are refused', async () => {
        const accountId = newAccount();
        expect(await store.listArticles(accountId, { limit: 5 })).toEqual({ items: [], nextCursor: null });
        expect(await store.countArticles(accountId)).toBe(0);
        for (const cursor of ['%%%', 'bm90LWEtbWVtYmVy', '']) {
          await expect(store.listArticles(accountId, { limit: 5, cursor })).rejects.toThrow(
            InvalidCursorError,
          );
        }
        for (const limit of [0, MAX_LIST_LIMIT + 1, 2.5]) {
          await expect(store.listArticles(accountId, { limit })).rejects.toThrow(RangeError);
        }
      });
    });

    describe('fencing: a stale holder writes nothing', () => {
      test('after a newer holder has written, every write of the older one is refused', async () => {
        const { accountId, fence: old } = await holder();
        await store.upsertArticles(accountId, old, [article('a1', 1)], stateAt('articles', 1, 1));
        const newer = await h.newHolder(accountId);
        await store.upsertArticles(accountId, newer, [article('a2', 2)], stateAt('articles', 2, 1));
        const before = await store.getSyncState(accountId);

        const refused = store.upsertArticles(accountId, old, [article('a3', 3)], stateAt('articles', 1, 2));
        await expect(refused).rejects.toThrow(StaleFenceError);
        await expect(refused).rejects.toMatchObject({ accountId, fence: old, currentFence: newer });
        const write = { pass: 1, seen: [], users: [follower('o1')] };
        await expect(
          store.upsertFollowers(accountId, old, write, stateAt('followers', 1, 1)),
        ).rejects.toThrow(StaleFenceError);
        await expect(
          store.upsertMaterials(accountId, old, [material('m1', 'image')], stateAt('materials', 1, 1)),
        ).rejects.toThrow(StaleFenceError);
        await expect(store.markUnsubscribed(accountId, old, { pass: 2, at: 1, limit: 10 })).rejects.toThrow(
          StaleFenceError,
        );
        await expect(store.saveKindState(accountId, old, 'articles', completedState(1, 1))).rejects.toThrow(
          StaleFenceError,
        );

        expect(await store.countArticles(accountId)).toBe(2);
        expect(await store.countFollowers(accountId)).toEqual({ subscribed: 0, unsubscribed: 0 });
        expect((await store.countMaterials(accountId)).image).toBe(0);
        expect(await store.getSyncState(accountId)).toEqual(before);
        // The newer holder goes on writing.
        await store.upsertArticles(accountId, newer, [article('a4', 4)], stateAt('articles', 2, 2));
        expect(await store.countArticles(accountId)).toBe(3);
      });

      test('an empty page still checks the fence', async () => {
        const { accountId, fence: old } = await holder();
        const newer = await h.newHolder(accountId);
        await store.saveKindState(accountId, newer, 'articles', stateAt('articles', 1, 0));
        await expect(store.upsertArticles(accountId, old, [], stateAt('articles', 9, 9))).rejects.toThrow(
          StaleFenceError,
        );
        expect((await store.getSyncState(accountId)).articles).toEqual(stateAt('articles', 1, 0));
      });
    });

    describe('checkpoints: a page and its state land together or not at all', () => {
      test('each page write stores its state; the other kinds keep theirs', async () => {
        const { accountId, fence } = await holder();
        expect(await store.getSyncState(accountId)).toEqual(emptyState());
        await store.upsertArticles(accountId, fence, [article('a1', 1)], stateAt('articles', 1, 1));
        await store.upsertMaterials(accountId, fence, [material('m1', 'news')], stateAt('materials', 1, 1));
        await store.upsertArticles(accountId, fence, [article('a2', 2)], stateAt('articles', 1, 2));
        expect(await store.getSyncState(accountId)).toEqual({
          articles: stateAt('articles', 1, 2),
          followers: emptyKindState(),
          materials: stateAt('materials', 1, 1),
        });
        await store.saveKindState(accountId, fence, 'articles', completedState(1, 2));
        expect((await store.getSyncState(accountId)).articles).toEqual(completedState(1, 2));
      });

      test("a state carrying another kind's checkpoint is refused with nothing written", async () => {
        const { accountId, fence } = await holder();
        await store.upsertArticles(accountId, fence, [article('a1', 1)], stateAt('articles', 1, 1));
        await expect(
          store.upsertArticles(accountId, fence, [article('a2', 2)], stateAt('followers', 1, 2)),
        ).rejects.toThrow(RangeError);
        await expect(
          store.saveKindState(accountId, fence, 'materials', stateAt('articles', 1, 1)),
        ).rejects.toThrow(RangeError);
        expect(await store.countArticles(accountId)).toBe(1);
        expect(await store.getSyncState(accountId)).toEqual({
          ...emptyState(),
          articles: stateAt('articles', 1, 1),
        });
      });

      faultTest(
        'a write that fails after its records were written leaves the previous page and checkpoint',
        async () => {
          const inject = h.failStateWritesAfterRecords;
          if (!inject) throw new Error('syncStoreContract: faultHook set but no failStateWritesAfterRecords');
          const { accountId, fence } = await holder();
          await store.upsertArticles(accountId, fence, [article('a1', 1)], stateAt('articles', 1, 1));
          const undo = await inject(accountId);
          try {
            await expect(
              store.upsertArticles(
                accountId,
                fence,
                [article('a1', 1, 'changed'), article('a2', 2)],
                stateAt('articles', 1, 2),
              ),
            ).rejects.toThrow(/injected state write failure/);
          } finally {
            await undo();
          }
          expect(await store.countArticles(accountId)).toBe(1);
          expect((await store.listArticles(accountId, { limit: 5 })).items).toEqual([article('a1', 1)]);
          expect((await store.getSyncState(accountId)).articles).toEqual(stateAt('articles', 1, 1));
          // And the retry of that page then lands whole.
          const retry = [article('a1', 1, 'changed'), article('a2', 2)];
          expect(await store.upsertArticles(accountId, fence, retry, stateAt('articles', 1, 2))).toEqual({
            added: 1,
            updated: 1,
            unchanged: 0,
          });
        },
      );
    });

    followerContract(() => h);
    followerEventsContract(() => h);
    materialContract(() => h);

    test('close() is idempotent and later calls reject', async () => {
      const own = await setup();
      await own.store.close();
      await own.store.close();
      await expect(own.store.countArticles('acct-closed')).rejects.toThrow(/closed/);
      await expect(own.store.upsertArticles('acct-closed', 1, [], stateAt('articles', 1, 1))).rejects.toThrow(
        /closed/,
      );
      await own.teardown();
    });
  });
}
