import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AccountLock, LockLostError, StaleFenceError } from '../../src/lock/index.js';
import type { StoredArticle } from '../../src/store/index.js';
import { runSync, type SyncProgress, syncArticles } from '../../src/sync/index.js';
import type { AccessToken } from '../../src/wechat/access-token.js';
import { type PageParams, WeChatClient } from '../../src/wechat/client.js';
import { TransientError } from '../../src/wechat/errors/index.js';
import type { PublishedItem, PublishedPage } from '../../src/wechat/types.js';
import { PUBLISHED_PATH, progressRecorder, type SyncWorld, startSyncWorld } from '../helpers/sync-world.js';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('sync-articles');
});

afterAll(async () => {
  await world.close();
});

type Post = { id: string; titles: string[]; urls: string[] };
const byId = (a: Post, b: Post) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function postsOnWeChat(items: PublishedItem[]): Post[] {
  return items
    .map((i) => ({
      id: i.article_id,
      titles: i.content.news_item.map((n) => n.title),
      urls: i.content.news_item.map((n) => n.url ?? ''),
    }))
    .sort(byId);
}

function postsStored(articles: StoredArticle[]): Post[] {
  return articles
    .map((a) => ({ id: a.articleId, titles: a.items.map((n) => n.title), urls: a.items.map((n) => n.url) }))
    .sort(byId);
}

const counts = (
  pages: number,
  fetched: number,
  added: number,
  updated: number,
  unchanged: number,
  calls: number,
) => ({
  pages,
  fetched,
  added,
  updated,
  unchanged,
  wechatCalls: calls,
});

describe('runSync with articles', () => {
  test('45 published articles: 3 pages, the stored set equals WeChat’s, exactly 3 freepublish calls', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    const progress = progressRecorder();

    const summary = await runSync(world.context(account, lease, { onProgress: progress.onProgress }));

    expect(summary).toEqual({
      accountId: account.accountId,
      kinds: { articles: expect.objectContaining(counts(3, 45, 45, 0, 0, 3)) },
      durationMs: expect.any(Number),
    });
    expect(progress.reports).toEqual([
      { kind: 'articles', pages: 1, fetched: 20, total: 45, pagesByKind: { articles: 1 } },
      { kind: 'articles', pages: 2, fetched: 40, total: 45, pagesByKind: { articles: 2 } },
      { kind: 'articles', pages: 3, fetched: 45, total: 45, pagesByKind: { articles: 3 } },
    ]);
    const stored = await world.storedArticles(account.accountId);
    expect(postsStored(stored)).toEqual(postsOnWeChat(world.published(account.appId)));
    expect(await world.store.countArticles(account.accountId)).toBe(45);
    expect(await world.publishedCalls(account.appId)).toBe(3);
    // The sync asks for no content by default: nothing of the HTML is fetched or stored.
    expect(stored.flatMap((a) => a.items).some((item) => 'content' in item)).toBe(false);
  });

  test('a second run finds everything unchanged; an article edited on WeChat counts as updated', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    await runSync(world.context(account, lease));

    // Incremental: page 1 holds nothing new and the store has WeChat's total, so it stops there.
    const again = await runSync(world.context(account, lease));
    expect(again.kinds.articles).toMatchObject({
      ...counts(1, 20, 0, 0, 20, 1),
      full: false,
      completed: true,
    });

    // The simulator's own data, edited in place: what an author editing a post looks like to a sync.
    const edited = world.published(account.appId)[7];
    const firstItem = edited?.content.news_item[0];
    if (!edited || !firstItem) throw new Error('the seed has fewer posts than expected');
    firstItem.title = '已修改的标题';
    edited.update_time += 60;

    const third = await runSync(world.context(account, lease));
    // Page 1 holds the edit, page 2 nothing new: two pages.
    expect(third.kinds.articles).toMatchObject(counts(2, 40, 0, 1, 39, 2));
    const stored = await world.storedArticles(account.accountId);
    expect(stored.find((a) => a.articleId === edited.article_id)?.items[0]?.title).toBe('已修改的标题');
    expect(stored).toHaveLength(45);
    expect(await world.publishedCalls(account.appId)).toBe(6);
  });

  test('the last page is stored with its pass completed: one store write, no separate state write, no count', async () => {
    const account = await world.newAccount({ seed: { articles: 5 } });
    const lease = await world.acquire(account);
    await runSync(world.context(account, lease));
    // The real store, with every method call recorded by name (a recording wrapper, not a mock).
    const calls: string[] = [];
    const recording = new Proxy(world.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return value.apply(target, args);
        };
      },
    });

    const again = await runSync(world.context(account, lease, { store: recording }));

    expect(again.kinds.articles).toMatchObject({ ...counts(1, 5, 0, 0, 5, 1), completed: true });
    expect(calls).toEqual(['getSyncState', 'upsertArticles']);
    const state = await world.store.getSyncState(account.accountId);
    expect(state.articles).toMatchObject({
      checkpoint: null,
      lastCompleted: { pass: 2, full: false, pages: 1 },
    });
  });

  test('an account with nothing published: one call, nothing stored', async () => {
    const account = await world.newAccount({ seed: { articles: 0 } });
    const lease = await world.acquire(account);
    const summary = await runSync(world.context(account, lease));
    expect(summary.kinds.articles).toMatchObject(counts(1, 0, 0, 0, 0, 1));
    expect(await world.store.countArticles(account.accountId)).toBe(0);
  });

  test('force makes a full pass right after a full one; an old full pass makes the next run full too', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    await runSync(world.context(account, lease));

    const forced = await runSync(world.context(account, lease, { force: true }));
    expect(forced.kinds.articles).toMatchObject({ ...counts(3, 45, 0, 0, 45, 3), full: true });
    // A full pass older than the limit: the next run is full although nobody forced it.
    const due = await runSync(world.context(account, lease, { articlesFullPassEveryMs: 0 }));
    expect(due.kinds.articles).toMatchObject({ ...counts(3, 45, 0, 0, 45, 3), full: true });
    const state = await world.store.getSyncState(account.accountId);
    expect(state.articles).toMatchObject({ checkpoint: null, lastFull: { pass: 3, full: true, pages: 3 } });
  });

  test('a token WeChat rejects mid-run is refreshed once and the page retried; the retry counts as a call', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    await world.sim.control.addFault(account.appId, {
      kind: 'token-expired',
      endpoint: PUBLISHED_PATH,
      times: 1,
    });

    const summary = await runSync(world.context(account, lease));

    expect(summary.kinds.articles).toMatchObject(counts(3, 45, 45, 0, 0, 4));
    expect(await world.publishedCalls(account.appId)).toBe(4);
  });

  test('a WeChat failure mid-run propagates as is; the retry resumes idempotently', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    const failSecondPage = async (p: SyncProgress) => {
      if (p.pages === 1) await world.sim.control.addFault(account.appId, { kind: 'busy', times: 1 });
    };

    const failed = runSync(world.context(account, lease, { onProgress: failSecondPage }));
    await expect(failed).rejects.toBeInstanceOf(TransientError);
    expect(await world.store.countArticles(account.accountId)).toBe(20);

    const state = await world.store.getSyncState(account.accountId);
    expect(state.articles.checkpoint).toMatchObject({ kind: 'articles', pass: 1, offset: 20, pages: 1 });
    // The retry resumes at page 2: nothing fetched or stored twice.
    const retried = await runSync(world.context(account, lease));
    expect(retried.kinds.articles).toMatchObject({
      ...counts(2, 25, 25, 0, 0, 2),
      resumed: true,
      full: true,
    });
    expect(await world.publishedCalls(account.appId)).toBe(4);
  });

  test('neither the summary, the stored records nor the logs hold the token, the secret or article content', async () => {
    const account = await world.newAccount({ seed: { articles: 5 } });
    const lease = await world.acquire(account);
    const summary = await runSync(world.context(account, lease));
    const kindSummary = await syncArticles(world.context(account, lease), { withContent: true });
    expect(kindSummary).toMatchObject(counts(1, 5, 0, 5, 0, 1));

    const token = (await world.tokens.get(account)).reveal();
    const secret = account.appSecret?.reveal();
    const html = world.published(account.appId)[0]?.content.news_item[0]?.content ?? '';
    expect(html.length).toBeGreaterThan(50);
    const stored = Object.values(await world.redis.hgetall(world.keys.data(account.accountId, 'articles')));
    expect(stored).toHaveLength(5);
    // Content was asked for, so it is stored; the summaries stay counts only.
    expect(stored.join('\n')).toContain(JSON.stringify(html).slice(1, 40));

    const summaries = JSON.stringify([kindSummary, summary]);
    const logs = JSON.stringify(world.logs);
    for (const text of [summaries, stored.join('\n'), logs]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(secret);
    }
    expect(summaries).not.toContain(html.slice(0, 40));
  });
});

describe('fencing and a lost lock', () => {
  test('a lock taken by another job mid-run: the first run’s next write is refused with StaleFenceError', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const first = await world.acquire(account, 'job-1');
    let secondFence = 0;
    const takeOver = async (p: SyncProgress) => {
      if (p.pages !== 1) return;
      // The first job's lock expires (its worker paused past the TTL) and another job takes the account.
      await world.redis.del(world.keys.lock(account.accountId));
      secondFence = (await world.acquire(account, 'job-2')).fence;
    };

    const error = await runSync(world.context(account, first, { onProgress: takeOver })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(StaleFenceError);
    expect(error).toMatchObject({
      accountId: account.accountId,
      fence: first.fence,
      currentFence: secondFence,
    });
    expect(secondFence).toBeGreaterThan(first.fence);
    // The first lease has not noticed yet: the fence alone kept its page 2 out.
    expect(first.signal.aborted).toBe(false);
    expect(await world.store.countArticles(account.accountId)).toBe(20);
    expect(await world.publishedCalls(account.appId)).toBe(2);
  });

  test('a lease found lost by renewal stops paging before the next WeChat call', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const fastLock = new AccountLock({
      redis: world.redis,
      keys: world.keys,
      ttlMs: 5_000,
      renewEveryMs: 20,
    });
    const acquired = await fastLock.acquire(account.accountId, 'job-1');
    if (!acquired.acquired) throw new Error('lock busy');
    const { lease } = acquired;
    const loseLock = async (p: SyncProgress) => {
      if (p.pages !== 1) return;
      await world.redis.del(world.keys.lock(account.accountId));
      await once(lease.signal, 'abort');
    };

    const error = await runSync(world.context(account, lease, { onProgress: loseLock })).catch(
      (e: unknown) => e,
    );
    await lease.release();

    expect(error).toBeInstanceOf(LockLostError);
    expect(error).toMatchObject({ reason: 'absent', fence: lease.fence });
    expect(await world.publishedCalls(account.appId)).toBe(1);
    expect(await world.store.countArticles(account.accountId)).toBe(20);
  });

  test('a lock lost while a page is in flight: that page is not written', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    const controller = new AbortController();
    const lost = new LockLostError({
      accountId: account.accountId,
      owner: 'o',
      fence: lease.fence,
      reason: 'taken',
    });
    // The real client; only the moment of the abort is chosen: right after page 2 arrives.
    class AbortAfterSecondPage extends WeChatClient {
      override async batchGetPublished(
        appId: string,
        token: AccessToken,
        p: PageParams,
      ): Promise<PublishedPage> {
        const page = await super.batchGetPublished(appId, token, p);
        if (p.offset === 20) controller.abort(lost);
        return page;
      }
    }
    const client = new AbortAfterSecondPage({ baseUrl: world.sim.url, timeoutMs: 5_000 });
    try {
      const ctx = world.context(account, lease, { client, signal: controller.signal });
      await expect(runSync(ctx)).rejects.toBe(lost);
    } finally {
      client.close();
    }
    expect(await world.publishedCalls(account.appId)).toBe(2);
    expect(await world.store.countArticles(account.accountId)).toBe(20);
  });

  test('an already aborted signal makes no call at all, not even for a token', async () => {
    const account = await world.newAccount({ seed: { articles: 45 } });
    const lease = await world.acquire(account);
    const signal = AbortSignal.abort(
      new LockLostError({ accountId: 'x', owner: 'o', fence: 1, reason: 'absent' }),
    );

    await expect(runSync(world.context(account, lease, { signal }))).rejects.toBeInstanceOf(LockLostError);

    const stats = await world.sim.control.stats(account.appId);
    expect(stats.tokenCalls + stats.dataCalls).toBe(0);
    expect(await world.store.countArticles(account.accountId)).toBe(0);
  });
});
