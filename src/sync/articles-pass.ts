import type { ArticlesCheckpoint, KindState, WriteResult } from '../store/index.js';
import { nextPassNumber } from './pass-state.js';

/** How old the last full articles pass may be before an incremental run does a full one. */
export const DEFAULT_ARTICLES_FULL_PASS_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * A new articles pass. Full when forced, when no full pass ever completed, or when
 * the last one is older than `fullEveryMs`: an incremental pass stops early (see
 * incrementalDone), and WeChat does not promise newest-first order, so only a periodic
 * full pass guarantees that an edit far down the list is picked up.
 */
export function newArticlesPass(
  state: KindState,
  force: boolean,
  now: number,
  fullEveryMs: number,
): ArticlesCheckpoint {
  const lastFull = state.lastFull;
  const full = force || lastFull === null || now - lastFull.completedAt >= fullEveryMs;
  return { kind: 'articles', pass: nextPassNumber(state), full, startedAt: now, pages: 0, offset: 0 };
}

/**
 * Whether an incremental pass may stop after a page. "Reached what the last sync
 * has" must hold without trusting WeChat's order (freepublish does not promise
 * newest-first), so the rule asks for two things:
 * - the page held articles and every one was already stored unchanged (no new
 *   article_id, no newer update_time: either would make the upsert count it added or
 *   updated), and
 * - the store holds at least WeChat's total_count: a new article anywhere in the list,
 *   on a page not fetched yet, raises total_count above what is stored.
 * What this cannot see is an edit to an old article sorted below the stop point; the
 * periodic full pass (newArticlesPass) catches that.
 */
export function incrementalDone(
  written: WriteResult,
  received: number,
  stored: number,
  totalCount: number,
): boolean {
  return received > 0 && written.added === 0 && written.updated === 0 && stored >= totalCount;
}
