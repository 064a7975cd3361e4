import { z } from 'zod';
import type {
  DraftCount,
  DraftPage,
  FollowerPage,
  MaterialCount,
  MaterialPage,
  NewsItem,
  PublishedPage,
  UserInfo,
} from './types.js';

/**
 * Shapes of WeChat's success answers. Only what the sync relies on is required; objects
 * are loose (unknown fields pass) because WeChat adds fields without notice and a new
 * field must not fail a sync.
 */

const count = z.number().int().nonnegative();
const unixSeconds = z.number().int().nonnegative();

/** `/cgi-bin/token` and `/cgi-bin/stable_token`. Token strings reach 512 characters. */
export const tokenAnswer = z.object({
  access_token: z.string().min(1).max(2048),
  expires_in: z.number().int().positive(),
});

const newsItem: z.ZodType<NewsItem> = z.looseObject({
  title: z.string(),
  author: z.string().optional(),
  digest: z.string().optional(),
  content: z.string().optional(),
  content_source_url: z.string().optional(),
  thumb_media_id: z.string().optional(),
  show_cover_pic: z.number().optional(),
  need_open_comment: z.number().optional(),
  only_fans_can_comment: z.number().optional(),
  url: z.string().optional(),
  is_deleted: z.boolean().optional(),
});

export const newsContent = z.looseObject({ news_item: z.array(newsItem) });

/** WeChat omits `item` on an empty page; the page still has its counts. */
function page<T extends z.ZodType>(item: T) {
  return z.looseObject({ total_count: count, item_count: count, item: z.array(item).default([]) });
}

export const publishedPage: z.ZodType<PublishedPage> = page(
  z.looseObject({ article_id: z.string().min(1), content: newsContent, update_time: unixSeconds }),
);

export const draftPage: z.ZodType<DraftPage> = page(
  z.looseObject({ media_id: z.string().min(1), content: newsContent, update_time: unixSeconds }),
);

export const draftCount: z.ZodType<DraftCount> = z.looseObject({ total_count: count });

export const materialPage: z.ZodType<MaterialPage> = page(
  z.looseObject({
    media_id: z.string().min(1),
    update_time: unixSeconds,
    name: z.string().optional(),
    url: z.string().optional(),
    content: newsContent.optional(),
  }),
);

export const materialCount: z.ZodType<MaterialCount> = z.looseObject({
  voice_count: count,
  video_count: count,
  image_count: count,
  news_count: count,
});

export const followerPage: z.ZodType<FollowerPage> = z.looseObject({
  total: count,
  count,
  data: z.looseObject({ openid: z.array(z.string().min(1)).default([]) }).default({ openid: [] }),
  next_openid: z.string().default(''),
});

const userInfo: z.ZodType<UserInfo> = z.looseObject({
  subscribe: z.number().int(),
  openid: z.string().min(1),
  nickname: z.string().optional(),
  sex: z.number().optional(),
  language: z.string().optional(),
  city: z.string().optional(),
  province: z.string().optional(),
  country: z.string().optional(),
  headimgurl: z.string().optional(),
  subscribe_time: unixSeconds.optional(),
  unionid: z.string().optional(),
  remark: z.string().optional(),
  groupid: z.number().optional(),
  tagid_list: z.array(z.number()).optional(),
  subscribe_scene: z.string().optional(),
  qr_scene: z.number().optional(),
  qr_scene_str: z.string().optional(),
});

export const userInfoList = z.looseObject({ user_info_list: z.array(userInfo).default([]) });

export const apiQuota = z.looseObject({
  quota: z.looseObject({ daily_limit: count, used: count, remain: count }),
});

/** `POST /cgi-bin/freepublish/getarticle`: one published post's articles. */
export const publishedArticle = newsContent;

/**
 * `POST /datacube/<name>`: `{list: [...]}`; entries are kept as WeChat sends them (the
 * figures differ per API and WeChat adds fields), only `ref_date` is required.
 */
export const datacubeList = z.looseObject({
  list: z.array(z.looseObject({ ref_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })).default([]),
});
