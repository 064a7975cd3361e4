import type { StoredArticle, StoredNewsItem } from '../store/index.js';
import type { NewsItem, PublishedItem } from '../wechat/types.js';

export interface MapArticleOptions {
  /** Keep the article HTML. Off unless the sync asked WeChat for content. */
  withContent: boolean;
}

/**
 * A published item as WeChat sends it → the record the store keeps. Fields WeChat may
 * leave out become '' / false, so the same article always maps to the same record and
 * a re-sync counts it unchanged. Only listed fields are copied: whatever else WeChat
 * adds is not stored until someone decides it should be.
 */
export function mapPublishedItem(item: PublishedItem, opts: MapArticleOptions): StoredArticle {
  return {
    articleId: item.article_id,
    updateTime: item.update_time,
    items: item.content.news_item.map((news) => mapNewsItem(news, opts)),
  };
}

export function mapNewsItem(news: NewsItem, opts: MapArticleOptions): StoredNewsItem {
  const item: StoredNewsItem = {
    title: news.title,
    author: news.author ?? '',
    digest: news.digest ?? '',
    url: news.url ?? '',
    contentSourceUrl: news.content_source_url ?? '',
    thumbMediaId: news.thumb_media_id ?? '',
    isDeleted: news.is_deleted ?? false,
  };
  // Real freepublish answers carry `thumb_url`, which the documented field list omits.
  // Read defensively all the same: the record must not depend on the schema being the only door.
  if (typeof news.thumb_url === 'string' && news.thumb_url !== '') item.thumbUrl = news.thumb_url;
  if (opts.withContent && news.content !== undefined) item.content = news.content;
  return item;
}
