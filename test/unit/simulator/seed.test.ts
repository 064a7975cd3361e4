import { describe, expect, test } from '@jest/globals';
import { FollowerList, followerInfo, OPENID_PATTERN } from '../../simulator/followers.js';
import { DEFAULT_SEED, generateContent, resolveSeed } from '../../simulator/seed.js';

const ANCHOR_SEC = Math.floor(Date.UTC(2025, 5, 1) / 1000);
const YEAR_SEC = 365 * 86_400;

describe('generateContent', () => {
  const counts = resolveSeed({
    articles: 40,
    drafts: 6,
    materials: { image: 5, video: 2, voice: 1, news: 3 },
  });

  test('deterministic per appId; another appId gets other data', () => {
    const a = generateContent('wx0000000000000001', counts, ANCHOR_SEC);
    expect(generateContent('wx0000000000000001', counts, ANCHOR_SEC)).toEqual(a);
    const b = generateContent('wx0000000000000002', counts, ANCHOR_SEC);
    expect(b.published[0]?.article_id).not.toBe(a.published[0]?.article_id);
  });

  test('the counts asked for', () => {
    const content = generateContent('wx1', counts, ANCHOR_SEC);
    expect(content.published).toHaveLength(40);
    expect(content.drafts).toHaveLength(6);
    expect(content.files.image).toHaveLength(5);
    expect(content.files.video).toHaveLength(2);
    expect(content.files.voice).toHaveLength(1);
    expect(content.news).toHaveLength(3);
  });

  test('realistic articles: WeChat ids and URLs, every news_item field, times over the past year, not sorted', () => {
    const { published } = generateContent('wx1', counts, ANCHOR_SEC);
    const ids = new Set(published.map((post) => post.article_id));
    expect(ids.size).toBe(published.length);
    for (const post of published) {
      expect(post.article_id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(post.update_time).toBeLessThanOrEqual(ANCHOR_SEC);
      expect(post.update_time).toBeGreaterThan(ANCHOR_SEC - YEAR_SEC);
      expect(post.content.news_item.length).toBeGreaterThanOrEqual(1);
      for (const item of post.content.news_item) {
        expect(item.url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\/[A-Za-z0-9_-]{22}$/);
        expect(item.title.length).toBeGreaterThan(4);
        expect(item.content).toMatch(/^<p/);
        expect(typeof item.is_deleted).toBe('boolean');
        expect(Object.keys(item)).toEqual(
          expect.arrayContaining([
            'author',
            'digest',
            'content_source_url',
            'thumb_media_id',
            'show_cover_pic',
          ]),
        );
      }
    }
    const times = published.map((post) => post.update_time);
    expect(times).not.toEqual([...times].sort((x, y) => y - x));
  });

  test('only image materials carry a URL', () => {
    const { files } = generateContent('wx1', counts, ANCHOR_SEC);
    expect(files.image.every((file) => file.url.startsWith('http://mmbiz.qpic.cn/'))).toBe(true);
    expect(files.video.every((file) => file.url === '' && file.name.endsWith('.mp4'))).toBe(true);
  });

  test('defaults fill what the seed leaves out', () => {
    expect(resolveSeed(undefined)).toEqual(DEFAULT_SEED);
    expect(resolveSeed({ materials: { video: 9 } }).materials).toEqual({
      ...DEFAULT_SEED.materials,
      video: 9,
    });
  });
});

describe('FollowerList', () => {
  test('openids are 28 characters with an app-wide prefix, unique, and the same in every run', () => {
    const list = new FollowerList('wx1', 3000);
    const openids = list.openids;
    expect(openids).toHaveLength(3000);
    expect(new Set(openids).size).toBe(3000);
    const prefix = openids[0]!.slice(0, 6);
    expect(openids.every((id) => OPENID_PATTERN.test(id) && id.startsWith(prefix))).toBe(true);
    expect(new FollowerList('wx1', 3000).openids).toEqual(openids);
    expect(new FollowerList('wx2', 1).openids[0]!.slice(0, 6)).not.toBe(prefix);
  });

  test('indexOf finds followers and answers -1 for anyone else', () => {
    const list = new FollowerList('wx1', 50);
    expect(list.indexOf(list.openids[37]!)).toBe(37);
    expect(list.indexOf('oXXXXXXXXXXXXXXXXXXXXXXXXXXX')).toBe(-1);
  });

  test('120 000 followers and 500 articles are cheap to generate', () => {
    const started = performance.now();
    expect(new FollowerList('wxbig', 120_000).openids).toHaveLength(120_000);
    expect(generateContent('wxbig', resolveSeed({ articles: 500 }), ANCHOR_SEC).published).toHaveLength(500);
    // About 0.2 s on an idle machine. The bound only catches accidental quadratic work
    // (minutes at this size), so a busy CI box cannot make it flaky.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('followerInfo', () => {
  test('deterministic per app and openid, with the fields WeChat sends for a follower', () => {
    const openid = new FollowerList('wx1', 1).openids[0]!;
    const info = followerInfo('wx1', openid, ANCHOR_SEC);
    expect(followerInfo('wx1', openid, ANCHOR_SEC)).toEqual(info);
    expect(info).toMatchObject({ subscribe: 1, openid, language: 'zh_CN', groupid: 0 });
    expect(info.subscribe_time).toBeLessThanOrEqual(ANCHOR_SEC);
    expect(Array.isArray(info.tagid_list)).toBe(true);
  });
});
