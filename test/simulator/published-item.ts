import type { PublishedPost } from './seed.js';

/** The app switches that shape a freepublish item (config.ts). */
export interface PublishedShape {
  articleTimes: 'content' | 'item' | 'both';
  timesAsStrings: boolean;
}

/**
 * A seeded post as freepublish/batchget sends it. WeChat's docs put `update_time` on the
 * item; a real answer captured in a public SDK's tests has `create_time` / `update_time`
 * only inside `content`; one SDK types them as strings (wechat-api.md, Data APIs).
 */
export function publishedItem(
  post: PublishedPost,
  shape: PublishedShape,
  untimed = false,
): Record<string, unknown> {
  const time = (seconds: number): number | string => (shape.timesAsStrings ? String(seconds) : seconds);
  const { news_item } = post.content;
  if (untimed) return { article_id: post.article_id, content: { news_item } };
  const content =
    shape.articleTimes === 'item'
      ? { news_item }
      : { news_item, create_time: time(post.create_time), update_time: time(post.update_time) };
  if (shape.articleTimes === 'content') return { article_id: post.article_id, content };
  return { article_id: post.article_id, content, update_time: time(post.update_time) };
}
