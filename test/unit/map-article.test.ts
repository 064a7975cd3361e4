import { describe, expect, test } from '@jest/globals';
import { mapNewsItem, mapPublishedItem } from '../../src/sync/map-article.js';
import type { NewsItem, PublishedItem } from '../../src/wechat/types.js';

const fullNews: NewsItem = {
  title: '春季新品发布',
  author: '小编',
  digest: '摘要',
  content: '<p>正文</p>',
  content_source_url: 'https://example.com/original',
  thumb_media_id: 'thumb-media-1',
  show_cover_pic: 1,
  need_open_comment: 1,
  only_fans_can_comment: 0,
  url: 'https://mp.weixin.qq.com/s/abc',
  is_deleted: false,
};

const published: PublishedItem = {
  article_id: 'article-1',
  update_time: 1_700_000_000,
  content: { news_item: [fullNews, { title: 'second', is_deleted: true }] },
};

describe('mapPublishedItem', () => {
  test('maps WeChat field names to the stored record, every item of the post in order', () => {
    expect(mapPublishedItem(published, { withContent: false })).toEqual({
      articleId: 'article-1',
      updateTime: 1_700_000_000,
      items: [
        {
          title: '春季新品发布',
          author: '小编',
          digest: '摘要',
          url: 'https://mp.weixin.qq.com/s/abc',
          contentSourceUrl: 'https://example.com/original',
          thumbMediaId: 'thumb-media-1',
          isDeleted: false,
        },
        {
          title: 'second',
          author: '',
          digest: '',
          url: '',
          contentSourceUrl: '',
          thumbMediaId: '',
          isDeleted: true,
        },
      ],
    });
  });

  test('keeps content only when asked to', () => {
    expect(mapPublishedItem(published, { withContent: true }).items[0]?.content).toBe('<p>正文</p>');
    expect(mapPublishedItem(published, { withContent: false }).items[0]).not.toHaveProperty('content');
  });

  test('with content asked but none sent (no_content answers), the field stays absent', () => {
    const { content: _omitted, ...withoutContent } = fullNews;
    expect(mapNewsItem(withoutContent, { withContent: true })).not.toHaveProperty('content');
  });

  test('a post with no news items maps to an empty item list', () => {
    const empty: PublishedItem = { article_id: 'a', update_time: 1, content: { news_item: [] } };
    expect(mapPublishedItem(empty, { withContent: false })).toEqual({
      articleId: 'a',
      updateTime: 1,
      items: [],
    });
  });
});

describe('mapNewsItem', () => {
  test('keeps thumb_url, which real answers carry beyond the documented fields', () => {
    const news = { ...fullNews, thumb_url: 'https://mmbiz.qpic.cn/cover.jpg' } as NewsItem;
    expect(mapNewsItem(news, { withContent: false }).thumbUrl).toBe('https://mmbiz.qpic.cn/cover.jpg');
  });

  test('an empty or non-string thumb_url is not stored', () => {
    for (const thumb_url of ['', 42, null]) {
      const news = { ...fullNews, thumb_url } as unknown as NewsItem;
      expect(mapNewsItem(news, { withContent: false })).not.toHaveProperty('thumbUrl');
    }
  });

  test('copies only listed fields: unknown fields WeChat adds are not stored', () => {
    const news = { ...fullNews, access_token: 'leak', some_new_field: 'x' } as unknown as NewsItem;
    const mapped = mapNewsItem(news, { withContent: true });
    expect(Object.keys(mapped).sort()).toEqual(
      ['author', 'content', 'contentSourceUrl', 'digest', 'isDeleted', 'thumbMediaId', 'title', 'url'].sort(),
    );
  });

  test('the same WeChat item always maps to an equal record (a re-sync is unchanged)', () => {
    expect(mapNewsItem({ title: 't' }, { withContent: false })).toEqual(
      mapNewsItem({ title: 't', author: undefined }, { withContent: false }),
    );
  });
});
