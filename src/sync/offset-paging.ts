/**
 * Paging decisions for WeChat's offset lists (freepublish, draft and material batchget),
 * kept pure so every stop rule is unit-tested without a server.
 */

/**
 * Pages a run may fetch beyond what the first page's total_count implies. WeChat's
 * total can grow during a run (a post published meanwhile shifts the list), which
 * legitimately needs a page or two more; a total that keeps growing, or an answer whose
 * counts never let the offset reach the total, would otherwise page forever and burn
 * the account's daily quota (100 freepublish calls).
 */
export const PAGE_CAP_MARGIN = 5;

export interface PagingState {
  /** Offset of the next page to ask for. */
  offset: number;
  /** Pages fetched so far. */
  pages: number;
  /** Most pages this run may fetch, fixed by the first page. */
  cap: number;
}

export interface PageCounts {
  total_count: number;
  item_count: number;
  /** Items actually present in the answer. */
  received: number;
}

export type PagingStep =
  | { done: false; state: PagingState }
  /** `end`: offset reached the total; `empty`: a page with nothing in it; `cap`: PAGE_CAP_MARGIN exhausted. */
  | { done: true; reason: 'end' | 'empty' | 'cap'; state: PagingState };

export function firstPagingState(): PagingState {
  return { offset: 0, pages: 0, cap: Number.POSITIVE_INFINITY };
}

/** Where paging goes after a page came back, judged by that page's own counts. */
export function afterPage(prev: PagingState, page: PageCounts, pageSize: number): PagingStep {
  const pages = prev.pages + 1;
  const cap = prev.pages === 0 ? Math.ceil(page.total_count / pageSize) + PAGE_CAP_MARGIN : prev.cap;
  const state = { offset: prev.offset + page.item_count, pages, cap };
  // Empty by either count: with item_count 0 the offset would not move and the next call would repeat this one.
  if (page.received === 0 || page.item_count === 0) return { done: true, reason: 'empty', state };
  // The latest total decides: it is WeChat's freshest view of the list.
  if (state.offset >= page.total_count) return { done: true, reason: 'end', state };
  if (pages >= cap) return { done: true, reason: 'cap', state };
  return { done: false, state };
}
