import { describe, expect, test } from '@jest/globals';
import { StaleFenceError } from '../../src/lock/index.js';
import { type ContractHarness, newAccount } from './contract-harness.js';
import { article, follower, stateAt } from './store-fixtures.js';

/** Pushed follower events and the by-id reads the push job uses (called by syncStoreContract). */
export function followerEventsContract(harness: () => ContractHarness): void {
  const holder = async () => {
    const accountId = newAccount();
    return { accountId, fence: await harness().newHolder(accountId) };
  };
  const gone = (openid: string, at: number) => ({
    openid,
    at,
    record: follower(openid, { subscribed: false, unsubscribedAt: at * 1000 }),
  });
  const back = (openid: string, at: number) => ({ openid, at, record: follower(openid) });

  describe('pushed follower events', () => {
    test('the latest CreateTime wins across calls; older or equal events are counted stale and change nothing', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      expect(await store.applyFollowerEvents(accountId, fence, [back('o1', 10), gone('o2', 10)], 1)).toEqual({
        applied: 2,
        stale: 0,
      });
      // o1 leaves later; an old subscribe of o2 (reordered) and a replay of o1's first event come after.
      expect(await store.applyFollowerEvents(accountId, fence, [gone('o1', 12)], 1)).toEqual({
        applied: 1,
        stale: 0,
      });
      expect(await store.applyFollowerEvents(accountId, fence, [back('o2', 9), back('o1', 12)], 1)).toEqual({
        applied: 0,
        stale: 2,
      });
      const stored = await store.getFollowers(accountId, ['o1', 'o2', 'o3']);
      expect(stored.get('o1')).toMatchObject({ subscribed: false, unsubscribedAt: 12_000 });
      expect(stored.get('o2')?.subscribed).toBe(false);
      expect(stored.has('o3')).toBe(false);
      expect(await store.countFollowers(accountId)).toEqual({ subscribed: 0, unsubscribed: 2 });
    });

    test('a subscribed follower counts as seen in the given pass: a sweep of that pass leaves it', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      await store.applyFollowerEvents(accountId, fence, [back('o1', 5)], 3);
      expect(await store.findNewFollowers(accountId, ['o1'])).toEqual([]);
      expect(await store.markUnsubscribed(accountId, fence, { pass: 3, at: 1, limit: 10 })).toBe(0);
      expect(await store.markUnsubscribed(accountId, fence, { pass: 4, at: 1, limit: 10 })).toBe(1);
    });

    test('a stale holder writes nothing', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      await store.applyFollowerEvents(accountId, fence, [back('o1', 1)], 1);
      const newer = await harness().newHolder(accountId);
      await store.applyFollowerEvents(accountId, newer, [back('o9', 1)], 1);
      await expect(store.applyFollowerEvents(accountId, fence, [gone('o1', 2)], 1)).rejects.toBeInstanceOf(
        StaleFenceError,
      );
      expect((await store.getFollowers(accountId, ['o1'])).get('o1')?.subscribed).toBe(true);
    });
  });

  describe('reads by id', () => {
    test('getArticles returns the stored ones only', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      await store.upsertArticles(
        accountId,
        fence,
        [article('a1', 100), article('a2', 200)],
        stateAt('articles', 1, 1),
      );
      const found = await store.getArticles(accountId, ['a2', 'nope', 'a2']);
      expect([...found.keys()]).toEqual(['a2']);
      expect(found.get('a2')).toEqual(article('a2', 200));
      expect((await store.getArticles(accountId, [])).size).toBe(0);
    });
  });
}
