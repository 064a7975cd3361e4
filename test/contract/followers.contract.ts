import { describe, expect, test } from '@jest/globals';
import { MAX_SWEEP_LIMIT } from '../../src/store/sync-store.js';
import { type ContractHarness, newAccount } from './contract-harness.js';
import { follower, stateAt } from './store-fixtures.js';

/** Followers part of the SyncStore contract (called by syncStoreContract). */
export function followerContract(harness: () => ContractHarness): void {
  const holder = async () => {
    const accountId = newAccount();
    return { accountId, fence: await harness().newHolder(accountId) };
  };

  describe('followers', () => {
    test('findNewFollowers: not stored as subscribed, in input order, without duplicates', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      expect(await store.findNewFollowers(accountId, [])).toEqual([]);
      const users = [follower('o1'), follower('o2'), follower('o3', { subscribed: false })];
      await store.upsertFollowers(accountId, fence, { pass: 1, seen: [], users }, stateAt('followers', 1, 1));
      expect(await store.findNewFollowers(accountId, ['o9', 'o1', 'o3', 'o9', 'o2', 'o8'])).toEqual([
        'o9',
        'o3',
        'o8',
      ]);
    });

    test('upsert: users counted against what is stored; seen openids count unchanged; unknown seen ignored', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      const first = { pass: 1, seen: [], users: [follower('o1'), follower('o2')] };
      expect(await store.upsertFollowers(accountId, fence, first, stateAt('followers', 1, 1))).toEqual({
        added: 2,
        updated: 0,
        unchanged: 0,
      });
      const second = {
        pass: 2,
        seen: ['o1', 'o1', 'o-unknown'],
        users: [follower('o2', { nickname: 'renamed' }), follower('o3')],
      };
      expect(await store.upsertFollowers(accountId, fence, second, stateAt('followers', 2, 1))).toEqual({
        added: 1,
        updated: 1,
        unchanged: 1,
      });
      // The same write again: every record unchanged, nothing added.
      expect(await store.upsertFollowers(accountId, fence, second, stateAt('followers', 2, 1))).toEqual({
        added: 0,
        updated: 0,
        unchanged: 3,
      });
      expect(await store.countFollowers(accountId)).toEqual({ subscribed: 3, unsubscribed: 0 });
      expect(await store.findNewFollowers(accountId, ['o-unknown', 'o1'])).toEqual(['o-unknown']);
      expect((await store.getSyncState(accountId)).followers).toEqual(stateAt('followers', 2, 1));
    });

    test('markUnsubscribed: marks those a full pass did not see, at most `limit` a call, until 0', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      const all = ['o1', 'o2', 'o3', 'o4', 'o5'];
      const pass1 = { pass: 1, seen: [], users: all.map((id) => follower(id)) };
      await store.upsertFollowers(accountId, fence, pass1, stateAt('followers', 1, 1));
      // Pass 2 sees o1 (already known) and o5 again.
      await store.upsertFollowers(
        accountId,
        fence,
        { pass: 2, seen: ['o1', 'o5'], users: [] },
        stateAt('followers', 2, 1),
      );
      const sweep = { pass: 2, at: 1_700_000_123_000, limit: 2 };
      const marked = [
        await store.markUnsubscribed(accountId, fence, sweep),
        await store.markUnsubscribed(accountId, fence, sweep),
        await store.markUnsubscribed(accountId, fence, sweep),
      ];
      expect(marked).toEqual([2, 1, 0]);
      expect(await store.countFollowers(accountId)).toEqual({ subscribed: 2, unsubscribed: 3 });
      expect(await store.findNewFollowers(accountId, all)).toEqual(['o2', 'o3', 'o4']);
      // Idempotent: the same sweep again marks nothing.
      expect(await store.markUnsubscribed(accountId, fence, { ...sweep, limit: MAX_SWEEP_LIMIT })).toBe(0);
    });

    test('an unsubscribed follower keeps its record and comes back through its user info', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      await store.upsertFollowers(
        accountId,
        fence,
        { pass: 1, seen: [], users: [follower('o1')] },
        stateAt('followers', 1, 1),
      );
      expect(await store.markUnsubscribed(accountId, fence, { pass: 2, at: 5_000, limit: 10 })).toBe(1);
      // The user info of a returning follower replaces the marked record: updated, subscribed again.
      const back = { pass: 3, seen: [], users: [follower('o1')] };
      expect(await store.upsertFollowers(accountId, fence, back, stateAt('followers', 3, 1))).toEqual({
        added: 0,
        updated: 1,
        unchanged: 0,
      });
      expect(await store.countFollowers(accountId)).toEqual({ subscribed: 1, unsubscribed: 0 });
      // Seen in pass 3, so a sweep after pass 3 keeps it.
      expect(await store.markUnsubscribed(accountId, fence, { pass: 3, at: 6_000, limit: 10 })).toBe(0);
    });

    test('a user WeChat answers as unsubscribed is stored but never counts as seen', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      const gone = follower('o1', { subscribed: false, unsubscribedAt: 7 });
      await store.upsertFollowers(
        accountId,
        fence,
        { pass: 1, seen: ['o1'], users: [gone] },
        stateAt('followers', 1, 1),
      );
      expect(await store.countFollowers(accountId)).toEqual({ subscribed: 0, unsubscribed: 1 });
      expect(await store.findNewFollowers(accountId, ['o1'])).toEqual(['o1']);
      expect(await store.markUnsubscribed(accountId, fence, { pass: 2, at: 8, limit: 10 })).toBe(0);
    });

    test('refuses a bad pass, sweep limit or a foreign checkpoint, writing nothing', async () => {
      const { store } = harness();
      const { accountId, fence } = await holder();
      const users = [follower('o1')];
      await expect(
        store.upsertFollowers(accountId, fence, { pass: 0, seen: [], users }, stateAt('followers', 1, 1)),
      ).rejects.toThrow(RangeError);
      await expect(
        store.upsertFollowers(accountId, fence, { pass: 1, seen: [], users }, stateAt('articles', 1, 1)),
      ).rejects.toThrow(RangeError);
      for (const limit of [0, MAX_SWEEP_LIMIT + 1]) {
        await expect(store.markUnsubscribed(accountId, fence, { pass: 2, at: 1, limit })).rejects.toThrow(
          RangeError,
        );
      }
      expect(await store.countFollowers(accountId)).toEqual({ subscribed: 0, unsubscribed: 0 });
      expect((await store.getSyncState(accountId)).followers.checkpoint).toBeNull();
    });
  });
}
