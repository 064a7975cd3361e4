/** freepublish, draft and material lists take `count` 1..20 (wechat-api.md). */
export const MAX_LIST_COUNT = 20;
/** user/get returns at most 10 000 openids a call. */
export const FOLLOWERS_PER_PAGE = 10_000;
/** user/info/batchget takes at most 100 openids a call. */
export const MAX_USER_INFO_BATCH = 100;

export interface Paging {
  offset: number;
  count: number;
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** `{offset, count}` of a list call, or null when either is out of range. */
export function readPaging(body: Record<string, unknown>): Paging | null {
  const { offset, count } = body;
  if (!isInt(offset) || offset < 0) return null;
  if (!isInt(count) || count < 1 || count > MAX_LIST_COUNT) return null;
  return { offset, count };
}

/** One page of a list in WeChat's `{total_count, item_count, item}` envelope. */
export function listPage<T>(items: readonly T[], { offset, count }: Paging) {
  const item = items.slice(offset, offset + count);
  return { total_count: items.length, item_count: item.length, item };
}

/** The page as WeChat sends it: `item` is left out of an empty page (the counts stay). */
export function listAnswer<T>(page: { total_count: number; item_count: number; item: readonly T[] }): object {
  return page.item.length === 0 ? { total_count: page.total_count, item_count: page.item_count } : page;
}

export interface FollowerPage {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/**
 * A user/get page starting at `startIndex`; `data` is left out when the page is empty,
 * as WeChat does. `next_openid` is the last openid of the page; on the last page it stays
 * so with `last-openid` (real: the call after it answers `count: 0`) and is '' with `empty`.
 */
export function followerPage(
  openids: readonly string[],
  startIndex: number,
  end: 'last-openid' | 'empty' = 'last-openid',
): FollowerPage {
  const page = openids.slice(startIndex, startIndex + FOLLOWERS_PER_PAGE);
  if (page.length === 0) return { total: openids.length, count: 0, next_openid: '' };
  const isLast = startIndex + page.length >= openids.length;
  const next_openid = isLast && end === 'empty' ? '' : (page[page.length - 1] ?? '');
  return { total: openids.length, count: page.length, data: { openid: page }, next_openid };
}
