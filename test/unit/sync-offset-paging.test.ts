import { describe, expect, test } from '@jest/globals';
import {
  afterPage,
  firstPagingState,
  PAGE_CAP_MARGIN,
  type PagingState,
} from '../../src/sync/offset-paging.js';

const SIZE = 20;

/** Replays answers through afterPage, as the sync loop does, and returns the offsets asked for and the stop. */
function replay(pages: Array<{ total_count: number; item_count: number; received?: number }>) {
  let state: PagingState = firstPagingState();
  const offsets: number[] = [];
  for (const page of pages) {
    offsets.push(state.offset);
    const step = afterPage(state, { ...page, received: page.received ?? page.item_count }, SIZE);
    state = step.state;
    if (step.done) return { offsets, reason: step.reason, pages: state.pages };
  }
  return { offsets, reason: 'more' as const, pages: state.pages };
}

describe('afterPage', () => {
  test('45 articles: three pages at offsets 0, 20, 40, then the end', () => {
    const total = 45;
    expect(
      replay([
        { total_count: total, item_count: 20 },
        { total_count: total, item_count: 20 },
        { total_count: total, item_count: 5 },
      ]),
    ).toEqual({ offsets: [0, 20, 40], reason: 'end', pages: 3 });
  });

  test('a total that is a multiple of the page size ends on the last full page, without an extra call', () => {
    expect(
      replay([
        { total_count: 40, item_count: 20 },
        { total_count: 40, item_count: 20 },
      ]),
    ).toMatchObject({
      reason: 'end',
      pages: 2,
    });
  });

  test('an account with nothing published stops after one call', () => {
    expect(replay([{ total_count: 0, item_count: 0 }])).toEqual({ offsets: [0], reason: 'empty', pages: 1 });
  });

  test('an empty page before the announced total stops paging', () => {
    const result = replay([
      { total_count: 100, item_count: 20 },
      { total_count: 100, item_count: 0 },
    ]);
    expect(result).toMatchObject({ reason: 'empty', pages: 2 });
  });

  test('items without item_count, or item_count without items, count as empty: the offset would not move', () => {
    expect(replay([{ total_count: 50, item_count: 0, received: 3 }])).toMatchObject({ reason: 'empty' });
    expect(replay([{ total_count: 50, item_count: 20, received: 0 }])).toMatchObject({ reason: 'empty' });
  });

  test('the latest total decides the end: a total that shrinks mid-run ends earlier', () => {
    expect(
      replay([
        { total_count: 60, item_count: 20 },
        { total_count: 30, item_count: 20 },
      ]),
    ).toMatchObject({
      reason: 'end',
      pages: 2,
    });
  });

  test('a total that grows mid-run is followed, within the margin', () => {
    const result = replay([
      { total_count: 40, item_count: 20 },
      { total_count: 45, item_count: 20 },
      { total_count: 45, item_count: 5 },
    ]);
    expect(result).toEqual({ offsets: [0, 20, 40], reason: 'end', pages: 3 });
  });

  test('a total that keeps growing is cut off at ceil(first total / 20) + PAGE_CAP_MARGIN pages', () => {
    const runaway = Array.from({ length: 1000 }, (_, n) => ({
      total_count: 60 + n * 20,
      item_count: 20,
    }));
    const result = replay(runaway);
    expect(result.reason).toBe('cap');
    expect(result.pages).toBe(3 + PAGE_CAP_MARGIN);
  });

  test('the offset advances by item_count', () => {
    const step = afterPage(
      { offset: 20, pages: 1, cap: 10 },
      { total_count: 100, item_count: 7, received: 7 },
      SIZE,
    );
    expect(step).toEqual({ done: false, state: { offset: 27, pages: 2, cap: 10 } });
  });
});
