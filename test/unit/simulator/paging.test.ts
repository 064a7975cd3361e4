import { describe, expect, test } from '@jest/globals';
import { FOLLOWERS_PER_PAGE, followerPage, listPage, readPaging } from '../../simulator/paging.js';

describe('readPaging', () => {
  test('count 1..20 and a non-negative integer offset', () => {
    expect(readPaging({ offset: 0, count: 1 })).toEqual({ offset: 0, count: 1 });
    expect(readPaging({ offset: 40, count: 20 })).toEqual({ offset: 40, count: 20 });
  });

  test.each([
    { offset: 0, count: 0 },
    { offset: 0, count: 21 },
    { offset: -1, count: 5 },
    { offset: 0, count: 2.5 },
    { offset: '0', count: 5 },
    { count: 5 },
    { offset: 0 },
  ])('refuses %j', (body) => {
    expect(readPaging(body)).toBeNull();
  });
});

describe('listPage', () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  test('WeChat envelope with the slice asked for', () => {
    expect(listPage(items, { offset: 40, count: 20 })).toEqual({
      total_count: 45,
      item_count: 5,
      item: [40, 41, 42, 43, 44],
    });
  });

  test('an offset past the end gives an empty page with the total', () => {
    expect(listPage(items, { offset: 100, count: 20 })).toEqual({ total_count: 45, item_count: 0, item: [] });
  });
});

describe('followerPage', () => {
  const openids = Array.from({ length: 25_000 }, (_, i) => `o${String(i).padStart(27, '0')}`);

  test('at most 10 000 per page; next_openid is the last of the page', () => {
    const page = followerPage(openids, 0);
    expect(page).toMatchObject({ total: 25_000, count: FOLLOWERS_PER_PAGE, next_openid: openids[9_999] });
    expect(page.data?.openid).toEqual(openids.slice(0, 10_000));
  });

  test('last-openid (default, real): the last page keeps its last openid; the call after it gets count 0, no data', () => {
    const page = followerPage(openids, 20_000);
    expect(page).toMatchObject({ total: 25_000, count: 5_000, next_openid: openids[24_999] });
    expect(page.data?.openid[4_999]).toBe(openids[24_999]);
    expect(followerPage(openids, 25_000)).toEqual({ total: 25_000, count: 0, next_openid: '' });
  });

  test('empty: the last page has an empty next_openid', () => {
    const page = followerPage(openids, 20_000, 'empty');
    expect(page).toMatchObject({ total: 25_000, count: 5_000, next_openid: '' });
  });

  test('a total that is a multiple of 10 000 ends on the last full page', () => {
    const exact = openids.slice(0, 20_000);
    expect(followerPage(exact, 10_000, 'empty')).toMatchObject({ count: 10_000, next_openid: '' });
    expect(followerPage(exact, 10_000)).toMatchObject({ count: 10_000, next_openid: exact[19_999] });
  });

  test('no followers: count 0, data omitted', () => {
    expect(followerPage([], 0)).toEqual({ total: 0, count: 0, next_openid: '' });
  });
});
