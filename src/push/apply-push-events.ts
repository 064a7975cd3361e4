import { beijingDay } from '../analytics/beijing-days.js';
import type { StoredArticle, StoredFollower } from '../store/index.js';
import { mapNewsItem } from '../sync/map-article.js';
import { mapUserInfo } from '../sync/map-follower.js';
import { emptyKindSummary, type SyncContext } from '../sync/sync-context.js';
import { callWeChat } from '../sync/wechat-call.js';
import { MAX_USER_INFO_BATCH } from '../wechat/client.js';
import { InvalidRequestError } from '../wechat/errors/index.js';
import type { PushEvent } from './push-event.js';

/** What one batch of pushed events did (the job's return value). */
export interface PushEventsSummary {
  events: number;
  followersApplied: number;
  /** Follower events older than what was stored (reordered or replayed). */
  followersStale: number;
  articlesStored: number;
  articlesRemoved: number;
  massSends: number;
  wechatCalls: number;
}

type FollowerPush = Extract<PushEvent, { type: 'subscribe' | 'unsubscribe' }>;
type PublishPush = Extract<PushEvent, { type: 'publish' }>;
type MassSendPush = Extract<PushEvent, { type: 'masssend' }>;

/** The latest event per follower; of two with the same CreateTime, the later delivered. */
export function latestPerFollower(events: readonly FollowerPush[]): FollowerPush[] {
  const latest = new Map<string, FollowerPush>();
  for (const event of events) {
    const seen = latest.get(event.openid);
    if (seen === undefined || event.at >= seen.at) latest.set(event.openid, event);
  }
  return [...latest.values()];
}

function emptyFollower(openid: string): StoredFollower {
  return mapUserInfo({ subscribe: 1, openid });
}

async function applyFollowers(
  ctx: SyncContext,
  events: FollowerPush[],
  out: PushEventsSummary,
  calls: ReturnType<typeof emptyKindSummary>,
) {
  const latest = latestPerFollower(events);
  if (latest.length === 0) return;
  const { accountId, appId } = ctx.account;
  const stored = await ctx.store.getFollowers(
    accountId,
    latest.map((e) => e.openid),
  );
  const subscribes = latest.filter((e) => e.type === 'subscribe').map((e) => e.openid);
  const info = new Map<string, StoredFollower>();
  for (let i = 0; i < subscribes.length; i += MAX_USER_INFO_BATCH) {
    const batch = subscribes.slice(i, i + MAX_USER_INFO_BATCH);
    // A malformed entry (`rejected`) stays unknown: the next full followers pass fetches it again.
    const { users } = await callWeChat(ctx, calls, (token) =>
      ctx.client.batchGetUserInfo(appId, token, batch),
    );
    for (const user of users) if (user.subscribe === 1) info.set(user.openid, mapUserInfo(user));
  }
  const records = latest.map((e) => {
    const base = stored.get(e.openid) ?? emptyFollower(e.openid);
    if (e.type === 'unsubscribe')
      return {
        openid: e.openid,
        at: e.at,
        record: { ...base, subscribed: false, unsubscribedAt: e.at * 1000 },
      };
    // WeChat may already answer `subscribe: 0` (an unsubscribe follows): the event still says subscribed at `at`.
    const { unsubscribedAt: _gone, ...kept } = info.get(e.openid) ?? base;
    return { openid: e.openid, at: e.at, record: { ...kept, subscribed: true } };
  });
  const state = (await ctx.store.getSyncState(accountId)).followers;
  // The pass running now, or the next one: an earlier pass's sweep must not mark these.
  const seenPass = state.checkpoint?.pass ?? (state.lastCompleted?.pass ?? 0) + 1;
  const result = await ctx.store.applyFollowerEvents(accountId, ctx.fence, records, seenPass);
  out.followersApplied += result.applied;
  out.followersStale += result.stale;
}

async function applyPublishes(
  ctx: SyncContext,
  events: PublishPush[],
  out: PushEventsSummary,
  calls: ReturnType<typeof emptyKindSummary>,
) {
  const { accountId, appId } = ctx.account;
  const articles: StoredArticle[] = [];
  for (const event of events) {
    if (event.articleId === '') continue;
    if (event.status === 0) {
      const news = await callWeChat(ctx, calls, (token) =>
        ctx.client.getPublishedArticle(appId, token, event.articleId),
      ).catch((err: unknown) => {
        // 53600: the post is gone (deleted after the push) or the id is not one of this
        // account's. Failing the job would hold every later event of the account behind it.
        if (!(err instanceof InvalidRequestError && err.errcode === 53600)) throw err;
        ctx.logger.warn(
          { articleId: event.articleId.slice(0, 64) },
          'pushed article unknown to WeChat (53600): skipped',
        );
        return null;
      });
      if (news === null) continue;
      articles.push({
        articleId: event.articleId,
        updateTime: event.at,
        items: news.map((n) => mapNewsItem(n, { withContent: false })),
      });
      out.articlesStored += 1;
    } else if (event.status === 5 || event.status === 6) {
      const known = (await ctx.store.getArticles(accountId, [event.articleId])).get(event.articleId);
      const removed = event.status === 5 ? 'deleted' : 'banned';
      articles.push({
        ...(known ?? { articleId: event.articleId, updateTime: event.at, items: [] }),
        removed,
      });
      out.articlesRemoved += 1;
    }
    // 1 publishing, 2-4 failed or rejected: nothing was published, nothing to store.
  }
  if (articles.length === 0) return;
  const state = (await ctx.store.getSyncState(accountId)).articles;
  await ctx.store.upsertArticles(accountId, ctx.fence, articles, state);
}

async function applyMassSends(ctx: SyncContext, events: MassSendPush[], out: PushEventsSummary) {
  const analytics = ctx.analytics;
  if (!analytics || events.length === 0) return;
  const { accountId } = ctx.account;
  for (const e of events) {
    const day = beijingDay(e.at * 1000);
    await analytics.store.recordMassSend(accountId, {
      msgId: e.msgId,
      day,
      at: e.at,
      status: e.status,
      totalCount: e.totalCount,
      sentCount: e.sentCount,
      errorCount: e.errorCount,
    });
    // The send's day is fetched (again) by the next analytics pass, so its article is collected.
    await analytics.store.forgetDays(accountId, ctx.fence, 'getarticletotal', [day]);
    out.massSends += 1;
  }
}

/**
 * Applies a batch of an account's pushed events, in the worker under the account lock:
 * follower events reduced to the latest per openid (user info fetched 100 at a time for
 * subscribes), publishes fetched with freepublish/getarticle (no batchget), deletions
 * and bans marked, mass sends recorded for the analytics pass.
 */
export async function applyPushEvents(
  ctx: SyncContext,
  events: readonly PushEvent[],
): Promise<PushEventsSummary> {
  const calls = emptyKindSummary();
  const out: PushEventsSummary = {
    events: events.length,
    followersApplied: 0,
    followersStale: 0,
    articlesStored: 0,
    articlesRemoved: 0,
    massSends: 0,
    wechatCalls: 0,
  };
  await applyFollowers(
    ctx,
    events.filter((e): e is FollowerPush => e.type === 'subscribe' || e.type === 'unsubscribe'),
    out,
    calls,
  );
  await applyPublishes(
    ctx,
    events.filter((e): e is PublishPush => e.type === 'publish'),
    out,
    calls,
  );
  await applyMassSends(
    ctx,
    events.filter((e): e is MassSendPush => e.type === 'masssend'),
    out,
  );
  out.wechatCalls = calls.wechatCalls;
  return out;
}
