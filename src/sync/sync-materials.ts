import {
  type KindState,
  MATERIAL_TYPES,
  type MaterialCounts,
  type MaterialsCheckpoint,
  type StoredMaterialType,
} from '../store/index.js';
import { MAX_PAGE_COUNT } from '../wechat/client.js';
import type { MaterialPage } from '../wechat/types.js';
import { finishPass } from './finish-pass.js';
import { mapMaterial } from './map-material.js';
import { afterPage, type PagingState } from './offset-paging.js';
import { inProgressState, nextPassNumber, resumable } from './pass-state.js';
import { noteSkipped, skippedProgress } from './skipped-entries.js';
import { emptyKindSummary, type KindSummary, kindStateAtStart, type SyncContext } from './sync-context.js';
import { callWeChat } from './wechat-call.js';

/**
 * Permanent materials: WeChat's counts per type (get_materialcount, once a pass), then
 * every page of batchget_material for each type that has any, 20 a page, each page
 * stored with the checkpoint after it. Types WeChat counts as empty cost no call.
 */
export async function syncMaterials(ctx: SyncContext): Promise<KindSummary> {
  const now = ctx.now ?? Date.now;
  const summary = emptyKindSummary();
  let state = await kindStateAtStart(ctx, 'materials');
  const resumed = resumable<MaterialsCheckpoint>(state, 'materials', ctx.force);
  summary.resumed = resumed !== null;
  let cp = resumed ?? (await newPass(ctx, state, now(), summary));
  for (const type of typesFrom(cp)) {
    if (cp.type !== type) cp = { ...cp, type, offset: 0 };
    const paged = await syncType(ctx, cp, state, summary);
    cp = paged.cp;
    state = paged.state;
  }
  return finishPass(ctx, 'materials', state, cp, now(), summary);
}

async function newPass(
  ctx: SyncContext,
  state: KindState,
  startedAt: number,
  summary: KindSummary,
): Promise<MaterialsCheckpoint> {
  const c = await callWeChat(ctx, summary, (token) => ctx.client.getMaterialCount(ctx.account.appId, token));
  const counts: MaterialCounts = {
    news: c.news_count,
    image: c.image_count,
    video: c.video_count,
    voice: c.voice_count,
  };
  const [first] = MATERIAL_TYPES;
  return {
    kind: 'materials',
    pass: nextPassNumber(state),
    full: true,
    startedAt,
    pages: 0,
    type: first,
    offset: 0,
    counts,
  };
}

/** The types still to page, the checkpoint's own first, skipping the ones WeChat counted as empty. */
function typesFrom(cp: MaterialsCheckpoint): StoredMaterialType[] {
  return MATERIAL_TYPES.slice(MATERIAL_TYPES.indexOf(cp.type)).filter((type) => cp.counts[type] > 0);
}

async function syncType(
  ctx: SyncContext,
  start: MaterialsCheckpoint,
  state: KindState,
  summary: KindSummary,
): Promise<{ cp: MaterialsCheckpoint; state: KindState }> {
  const { accountId, appId } = ctx.account;
  let cp = start;
  let paging: PagingState = { offset: cp.offset, pages: 0, cap: Number.POSITIVE_INFINITY };
  for (;;) {
    const page: MaterialPage = await callWeChat(ctx, summary, (token) =>
      ctx.client.batchGetMaterial(appId, token, {
        type: cp.type,
        offset: paging.offset,
        count: MAX_PAGE_COUNT,
      }),
    );
    const received = page.item.length + page.rejected.length;
    const step = afterPage(paging, { ...page, received }, MAX_PAGE_COUNT);
    cp = { ...cp, offset: step.state.offset, pages: cp.pages + 1 };
    state = inProgressState(state, cp);
    const records = page.item.map((item) => mapMaterial(item, cp.type));
    noteSkipped(ctx, summary, 'materials', 'media_id', page.rejected);
    ctx.signal.throwIfAborted();
    const written = await ctx.store.upsertMaterials(accountId, ctx.fence, records, state);
    summary.pages += 1;
    summary.fetched += records.length;
    summary.added += written.added;
    summary.updated += written.updated;
    summary.unchanged += written.unchanged;
    await ctx.onProgress?.({
      kind: 'materials',
      pages: summary.pages,
      fetched: summary.fetched,
      total: page.total_count,
      ...skippedProgress(summary),
    });
    paging = step.state;
    if (step.done) return { cp, state };
  }
}
