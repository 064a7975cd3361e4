import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { StaleFenceError } from '../../src/lock/index.js';
import { computeBackoff } from '../../src/queue/backoff.js';
import type { StoredFollower } from '../../src/store/index.js';
import { mapUserInfo, runSync, type SyncProgress } from '../../src/sync/index.js';
import { QuotaError } from '../../src/wechat/errors/index.js';
import type { UserInfo } from '../../src/wechat/types.js';
import type { SyncWorld } from '../helpers/sync-world.js';
import { startSyncWorld } from '../helpers/sync-world.js';
import { followerInfo } from '../simulator/followers.js';

const USER_GET = '/cgi-bin/user/get';
const USER_INFO = '/cgi-bin/user/info/batchget';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('sync-followers');
});

afterAll(async () => {
  await world.close();
});

async function calls(appId: string) {
  const stats = await world.sim.control.stats(appId);
  return {
    userGet: stats.callsByEndpoint[USER_GET] ?? 0,
    userInfo: stats.callsByEndpoint[USER_INFO] ?? 0,
    tokens: stats.tokenCalls,
  };
}

async function storedFollowers(accountId: string): Promise<Map<string, StoredFollower>> {
  const raw = await world.redis.hgetall(world.keys.data(accountId, 'followers'));
  return new Map(Object.entries(raw).map(([id, json]) => [id, JSON.parse(json) as StoredFollower]));
}

const simFollowers = (appId: string) => world.sim.state.requireApp(appId).followers;

describe('followers: a 120 000-follower account', () => {
  test('syncs completely, then re-syncs with no user/info call, then fetches 50 new ones in one batch and marks leavers', async () => {
    const account = await world.newAccount({ seed: { followers: 120_000 } }, ['followers']);
    const lease = await world.acquire(account);
    const openids = [...simFollowers(account.appId).openids];

    const first = await runSync(world.context(account, lease));
    // 12 pages of 10 000, then the count-0 answer that ends the list (WeChat's last page keeps its next_openid).
    expect(first.kinds.followers).toMatchObject({ pages: 13, fetched: 120_000, added: 120_000, removed: 0 });
    expect(await calls(account.appId)).toMatchObject({ userGet: 13, userInfo: 1_200 });
    const stored = await storedFollowers(account.accountId);
    expect(stored.size).toBe(120_000);
    // Spot checks against the simulator's own answer for those users, mapped as the sync maps them.
    const anchor = world.sim.state.requireApp(account.appId).anchorSec;
    for (const openid of [openids[0], openids[59_999], openids[119_999]] as string[]) {
      expect(stored.get(openid)).toEqual(
        mapUserInfo(followerInfo(account.appId, openid, anchor) as unknown as UserInfo),
      );
    }
    expect(await world.store.countFollowers(account.accountId)).toEqual({
      subscribed: 120_000,
      unsubscribed: 0,
    });

    const second = await runSync(world.context(account, lease));
    expect(second.kinds.followers).toMatchObject({
      pages: 13,
      added: 0,
      updated: 0,
      unchanged: 120_000,
      wechatCalls: 13,
    });
    expect(await calls(account.appId)).toMatchObject({ userGet: 26, userInfo: 1_200 });

    // 50 new followers, all on the last user/get page: one user/info batch.
    const joined = simFollowers(account.appId).subscribe(50);
    const third = await runSync(world.context(account, lease));
    expect(third.kinds.followers).toMatchObject({ pages: 14, added: 50, removed: 0, unchanged: 120_000 });
    expect(await calls(account.appId)).toMatchObject({ userInfo: 1_201 });

    const left = openids.slice(1_000, 1_030);
    simFollowers(account.appId).unsubscribe(left);
    const fourth = await runSync(world.context(account, lease));
    expect(fourth.kinds.followers).toMatchObject({ added: 0, removed: 30, unchanged: 120_020 });
    expect(await calls(account.appId)).toMatchObject({ userInfo: 1_201 });

    expect(await world.store.countFollowers(account.accountId)).toEqual({
      subscribed: 120_020,
      unsubscribed: 30,
    });
    const after = await storedFollowers(account.accountId);
    for (const id of joined) expect(after.get(id)?.subscribed).toBe(true);
    for (const id of left)
      expect(after.get(id)).toMatchObject({ subscribed: false, unsubscribedAt: expect.any(Number) });
    // Marked, not deleted: the rest of the record is kept.
    expect(after.get(left[0] as string)?.nickname).toBe(stored.get(left[0] as string)?.nickname);
    const state = await world.store.getSyncState(account.accountId);
    expect(state.followers).toMatchObject({ checkpoint: null, lastFull: { pass: 4, full: true, pages: 14 } });
    // Four passes over 120 000 followers: about a minute on a loaded 2-core box, several
    // under a full parallel `npm test`; the bound is for a hang, not for speed.
  }, 300_000);
});

describe('followers: failures mid-pass', () => {
  test('a crash between user-info batches: the retry refetches the page but no user info it already stored', async () => {
    const account = await world.newAccount({ seed: { followers: 25_000 } }, ['followers']);
    const lease = await world.acquire(account);

    let infoCalls = 0;

    const ctx = world.context(account, lease, {
      onProgress: async (p: SyncProgress) => {
        if (p.pages === 1) {
          infoCalls = (await calls(account.appId)).userInfo;
          await world.sim.control.addFault(account.appId, { kind: 'busy', endpoint: USER_INFO, times: 1 });
        }
      },
    });
    // Page 2's first info batch fails: nothing of page 2 is stored, the checkpoint says page 2.
    await expect(runSync(ctx)).rejects.toThrow();
    expect(infoCalls).toBe(100);
    const state = await world.store.getSyncState(account.accountId);
    expect(state.followers.checkpoint).toMatchObject({
      kind: 'followers',
      pass: 1,
      pages: 1,
      sweeping: false,
    });

    const retried = await runSync(world.context(account, lease));
    // Pages 2 and 3, and the count-0 answer that ends the list.
    expect(retried.kinds.followers).toMatchObject({ resumed: true, pages: 3, added: 15_000, removed: 0 });
    // Page 2 is fetched again; 250 batches in all plus the one that failed: none repeated.
    expect(await calls(account.appId)).toMatchObject({ userGet: 5, userInfo: 251 });
    expect(await world.store.countFollowers(account.accountId)).toEqual({
      subscribed: 25_000,
      unsubscribed: 0,
    });
  }, 60_000);

  test('a token WeChat rejects mid-pass is refreshed once and the batch retried; the pass completes', async () => {
    const account = await world.newAccount({ seed: { followers: 500 } }, ['followers']);
    const lease = await world.acquire(account);
    await world.tokens.get(account);
    const before = await calls(account.appId);
    await world.sim.control.addFault(account.appId, { kind: 'token-expired', endpoint: USER_INFO, times: 1 });

    const summary = await runSync(world.context(account, lease));

    // One page, 5 info batches, the retried batch, and the count-0 call that ends the list.
    expect(summary.kinds.followers).toMatchObject({
      added: 500,
      wechatCalls: 1 + 5 + 1 + 1,
      completed: true,
    });
    const after = await calls(account.appId);
    expect(after.tokens - before.tokens).toBe(1);
    expect(after.userInfo).toBe(6);
    expect(await world.store.countFollowers(account.accountId)).toEqual({ subscribed: 500, unsubscribed: 0 });
  });

  test('a quota error keeps the checkpoint; the job waits for the quota window; the retry resumes', async () => {
    const account = await world.newAccount({ seed: { followers: 25_000 } }, ['followers']);
    const lease = await world.acquire(account);
    const quotaOnPage2 = async (p: SyncProgress) => {
      if (p.pages === 1)
        await world.sim.control.addFault(account.appId, {
          kind: 'quota-daily',
          endpoint: USER_GET,
          times: 1,
        });
    };

    const error = await runSync(world.context(account, lease, { onProgress: quotaOnPage2 })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(QuotaError);
    const now = Date.now();
    const retryAt = (error as QuotaError).retryAt;
    expect(retryAt).toBeGreaterThan(now);
    // The processor's backoff: the next attempt waits for the quota window, not a few seconds.
    expect(computeBackoff(1, error, now, undefined, () => 0)).toBe(retryAt - now);
    const state = await world.store.getSyncState(account.accountId);
    expect(state.followers.checkpoint).toMatchObject({
      pages: 1,
      nextOpenid: simFollowers(account.appId).openids[9_999],
    });

    const retried = await runSync(world.context(account, lease));
    expect(retried.kinds.followers).toMatchObject({ resumed: true, pages: 3, added: 15_000 });
    expect(await world.store.countFollowers(account.accountId)).toEqual({
      subscribed: 25_000,
      unsubscribed: 0,
    });
  }, 60_000);

  test('a stale lock holder’s late page write is refused, nothing of it stored', async () => {
    const account = await world.newAccount({ seed: { followers: 25_000 } }, ['followers']);
    const first = await world.acquire(account, 'job-1');
    const takeOver = async (p: SyncProgress) => {
      if (p.pages !== 1) return;
      await world.redis.del(world.keys.lock(account.accountId));
      await world.acquire(account, 'job-2');
    };

    const error = await runSync(world.context(account, first, { onProgress: takeOver })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(StaleFenceError);
    expect(await world.store.countFollowers(account.accountId)).toEqual({
      subscribed: 10_000,
      unsubscribed: 0,
    });
    const state = await world.store.getSyncState(account.accountId);
    expect(state.followers.checkpoint).toMatchObject({ pages: 1 });
  }, 60_000);

  test('force starts a new pass from the first page although a checkpoint exists', async () => {
    const account = await world.newAccount({ seed: { followers: 25_000 } }, ['followers']);
    const lease = await world.acquire(account);
    const busyOnPage2 = async (p: SyncProgress) => {
      if (p.pages === 1)
        await world.sim.control.addFault(account.appId, { kind: 'busy', endpoint: USER_GET, times: 1 });
    };
    await expect(runSync(world.context(account, lease, { onProgress: busyOnPage2 }))).rejects.toThrow();

    const forced = await runSync(world.context(account, lease, { force: true }));

    expect(forced.kinds.followers).toMatchObject({
      resumed: false,
      pages: 4,
      added: 15_000,
      unchanged: 10_000,
      removed: 0,
    });
    const state = await world.store.getSyncState(account.accountId);
    expect(state.followers).toMatchObject({ checkpoint: null, lastFull: { pass: 2, pages: 4 } });
  }, 60_000);
});

describe('followers: how user/get ends', () => {
  test.each([
    ['last-openid', 4],
    ['empty', 3],
  ] as const)(
    'followersEnd %s: the pass completes, sweeps, and costs %i user/get calls for 25 000 followers',
    async (followersEnd, userGet) => {
      const account = await world.newAccount({ seed: { followers: 25_000 }, followersEnd }, ['followers']);
      const lease = await world.acquire(account);
      const gone = simFollowers(account.appId).openids.slice(0, 10);
      await runSync(world.context(account, lease));
      simFollowers(account.appId).unsubscribe(gone);

      const summary = await runSync(world.context(account, lease));

      expect(summary.kinds.followers).toMatchObject({
        completed: true,
        full: true,
        removed: 10,
        pages: userGet,
      });
      expect((await calls(account.appId)).userGet).toBe(2 * userGet);
      expect(await world.store.countFollowers(account.accountId)).toEqual({
        subscribed: 24_990,
        unsubscribed: 10,
      });
    },
    60_000,
  );
});
