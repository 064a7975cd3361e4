import type { FollowersCheckpoint, KindState } from '../store/index.js';
import { MAX_SWEEP_LIMIT } from '../store/index.js';
import { MAX_USER_INFO_BATCH } from '../wechat/client.js';
import type { FollowerPage } from '../wechat/types.js';
import { finishPass } from './finish-pass.js';
import { mapUserInfo } from './map-follower.js';
import { inProgressState, nextPassNumber, resumable } from './pass-state.js';
import { noteSkipped, skippedProgress } from './skipped-entries.js';
import { emptyKindSummary, type KindSummary, kindStateAtStart, type SyncContext } from './sync-context.js';
import { callWeChat } from './wechat-call.js';

/** user/get serves at most 10 000 openids a page. */
const FOLLOWERS_PAGE_SIZE = 10_000;
/** Pages a pass may fetch beyond what the first page's total implies (a cursor WeChat keeps handing back). */
const FOLLOWERS_PAGE_MARGIN = 5;

/**
 * Followers: every pass walks all of user/get (there is no "changed since" in that
 * API), fetches user info only for openids the store does not hold as subscribed, in
 * batches of 100, and, once the last page is stored, marks the followers this pass did
 * not see as unsubscribed. A pass is full when it walked from the first page to the
 * end of the list (an empty page, or an empty next_openid), however many attempts that took; only then is anyone
 * marked, because a partial pass would unsubscribe everyone on the pages it missed.
 */
export async function syncFollowers(ctx: SyncContext): Promise<KindSummary> {
  const now = ctx.now ?? Date.now;
  const summary = emptyKindSummary();
  let state = await kindStateAtStart(ctx, 'followers');
  const resumed = resumable<FollowersCheckpoint>(state, 'followers', ctx.force);
  let cp: FollowersCheckpoint = resumed ?? {
    kind: 'followers',
    pass: nextPassNumber(state),
    full: true,
    startedAt: now(),
    pages: 0,
    nextOpenid: '',
    sweeping: false,
  };
  summary.resumed = resumed !== null;
  if (resumed) ctx.logger.info({ pass: cp.pass, pages: cp.pages }, 'resuming followers pass');
  let cap = Number.POSITIVE_INFINITY;
  while (!cp.sweeping) {
    const page = await callWeChat(ctx, summary, (token) =>
      ctx.client.getFollowers(ctx.account.appId, token, cp.nextOpenid || undefined),
    );
    if (cap === Number.POSITIVE_INFINITY)
      cap = cp.pages + Math.ceil(page.total / FOLLOWERS_PAGE_SIZE) + FOLLOWERS_PAGE_MARGIN;
    const next = nextCheckpoint(cp, page, cap);
    if (next.full === false)
      ctx.logger.warn(
        { pages: next.pages },
        'followers page cap reached: pass not full, nobody marked unsubscribed',
      );
    state = await storePage(ctx, page, cp, next, state, summary);
    cp = next;
  }
  if (cp.full) await sweep(ctx, cp, now(), summary);
  summary.full = cp.full;
  return finishPass(ctx, 'followers', state, cp, now(), summary);
}

/**
 * Where the pass stands after `page`. WeChat's last page keeps next_openid = its last
 * openid, and the call after it answers count 0 without data (wechat-api.md): that empty
 * page ends the pass, at the cost of one call. Some answers end with next_openid '' instead.
 */
function nextCheckpoint(cp: FollowersCheckpoint, page: FollowerPage, cap: number): FollowersCheckpoint {
  const pages = cp.pages + 1;
  const end = page.next_openid === '' || page.count === 0 || page.data.openid.length === 0;
  if (end) return { ...cp, pages, nextOpenid: '', sweeping: true };
  if (pages >= cap) return { ...cp, pages, nextOpenid: '', sweeping: true, full: false };
  return { ...cp, pages, nextOpenid: page.next_openid };
}

/**
 * Fetches and stores the user info of the page's new openids a batch at a time (a
 * crash mid-page loses at most one batch: the retry sees the stored ones as known),
 * then the page's known openids with the checkpoint after the page.
 */
async function storePage(
  ctx: SyncContext,
  page: FollowerPage,
  cp: FollowersCheckpoint,
  next: FollowersCheckpoint,
  state: KindState,
  summary: KindSummary,
): Promise<KindState> {
  const { accountId, appId } = ctx.account;
  const openids = page.data.openid;
  const fresh = await ctx.store.findNewFollowers(accountId, openids);
  const freshSet = new Set(fresh);
  for (let i = 0; i < fresh.length; i += MAX_USER_INFO_BATCH) {
    const batch = fresh.slice(i, i + MAX_USER_INFO_BATCH);
    const infos = await callWeChat(ctx, summary, (token) => ctx.client.batchGetUserInfo(appId, token, batch));
    noteSkipped(ctx, summary, 'followers', 'openid', infos.rejected);
    ctx.signal.throwIfAborted();
    const written = await ctx.store.upsertFollowers(
      accountId,
      ctx.fence,
      { pass: cp.pass, seen: [], users: infos.users.map(mapUserInfo) },
      inProgressState(state, cp),
    );
    add(summary, written);
  }
  const known = openids.filter((id) => !freshSet.has(id));
  const nextState = inProgressState(state, next);
  ctx.signal.throwIfAborted();
  add(
    summary,
    await ctx.store.upsertFollowers(
      accountId,
      ctx.fence,
      { pass: cp.pass, seen: known, users: [] },
      nextState,
    ),
  );
  summary.pages += 1;
  summary.fetched += openids.length;
  await ctx.onProgress?.({
    kind: 'followers',
    pages: summary.pages,
    fetched: summary.fetched,
    total: page.total,
    ...skippedProgress(summary),
  });
  return nextState;
}

async function sweep(
  ctx: SyncContext,
  cp: FollowersCheckpoint,
  at: number,
  summary: KindSummary,
): Promise<void> {
  for (;;) {
    ctx.signal.throwIfAborted();
    const sweepArgs = { pass: cp.pass, at, limit: MAX_SWEEP_LIMIT };
    const marked = await ctx.store.markUnsubscribed(ctx.account.accountId, ctx.fence, sweepArgs);
    summary.removed += marked;
    if (marked === 0) return;
  }
}

function add(summary: KindSummary, written: { added: number; updated: number; unchanged: number }): void {
  summary.added += written.added;
  summary.updated += written.updated;
  summary.unchanged += written.unchanged;
}
