import { z } from 'zod';
import { lenientList } from './lenient-list.js';
import type {
  DraftCount,
  DraftPage,
  FollowerPage,
  MaterialCount,
  MaterialPage,
  NewsItem,
  PublishedPage,
  UserInfoBatch,
} from './types.js';

/**
 * Shapes of WeChat's success answers (test/fixtures/wechat/ holds them as recorded).
 * Only what the sync relies on is required; objects are loose (unknown fields pass)
 * because WeChat adds fields without notice and a new field must not fail a sync.
 * Numbers are also read from numeric strings: one public SDK types `update_time` as a
 * string, and proxies that re-serialise answers do the same (wechat-api.md).
 */

/** An integer, sent as a number or as a string of digits (at most 15, so it stays exact). */
const wxInt = z.preprocess(
  (value) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value),
  z.number().int(),
);
const count = wxInt.pipe(z.number().nonnegative());
const unixSeconds = count;
/** WeChat's 0/1 flags (`show_cover_pic`, …), as number or string. */
const flag = wxInt;

/** `/cgi-bin/token` and `/cgi-bin/stable_token`. Token strings reach 512 characters. */
export const tokenAnswer = z.object({
  access_token: z.string().min(1).max(2048),
  expires_in: wxInt.pipe(z.number().positive()),
});

const newsItem: z.ZodType<NewsItem, unknown> = z.looseObject({
  title: z.string(),
  author: z.string().optional(),
  digest: z.string().optional(),
  content: z.string().optional(),
  content_source_url: z.string().optional(),
  thumb_media_id: z.string().optional(),
  thumb_url: z.string().optional(),
  show_cover_pic: flag.optional(),
  need_open_comment: flag.optional(),
  only_fans_can_comment: flag.optional(),
  url: z.string().optional(),
  // A boolean in WeChat's docs; read a 0/1 the same way rather than reject the article.
  is_deleted: z.union([z.boolean(), flag.transform((value) => value !== 0)]).optional(),
});

/** Published posts, drafts and news materials: the articles, and (in real answers) the post's times. */
export const newsContent = z.looseObject({
  news_item: z.array(newsItem),
  create_time: unixSeconds.optional(),
  update_time: unixSeconds.optional(),
});

interface Timed {
  update_time?: number | undefined;
  create_time?: number | undefined;
  content?: { update_time?: number | undefined; create_time?: number | undefined } | undefined;
}

/**
 * The item's update time, else its content's: a freepublish answer captured in a public
 * SDK's tests carries `create_time` / `update_time` only inside `content` (wechat-api.md).
 * An item never edited may have only a create time, which then is its last change.
 */
function itemTime(item: Timed): number | undefined {
  return item.update_time ?? item.content?.update_time ?? item.create_time ?? item.content?.create_time;
}

/** An item of an offset list with its one `update_time` resolved, or an issue naming what is missing. */
function timed<T extends z.ZodType<Timed & object>>(shape: T) {
  return shape.transform((item, ctx) => {
    const update_time = itemTime(item);
    if (update_time === undefined) {
      ctx.addIssue({ code: 'custom', path: ['update_time'], message: 'no time on the item or its content' });
      return z.NEVER;
    }
    return { ...item, update_time };
  });
}

/**
 * WeChat's `{total_count, item_count, item}` envelope. It omits `item` on an empty page
 * (the page still has its counts); entries are validated one by one (lenient-list.ts).
 */
function page<T extends z.ZodType>(entry: T, idKey: string) {
  return z
    .looseObject({ total_count: count, item_count: count, item: lenientList(entry, idKey) })
    .transform(({ item, ...rest }) => ({ ...rest, item: item.items, rejected: item.rejected }));
}

const listTimes = { update_time: unixSeconds.optional(), create_time: unixSeconds.optional() };

export const publishedPage: z.ZodType<PublishedPage, unknown> = page(
  timed(z.looseObject({ article_id: z.string().min(1), content: newsContent, ...listTimes })),
  'article_id',
);

export const draftPage: z.ZodType<DraftPage, unknown> = page(
  timed(z.looseObject({ media_id: z.string().min(1), content: newsContent, ...listTimes })),
  'media_id',
);

export const draftCount: z.ZodType<DraftCount, unknown> = z.looseObject({ total_count: count });

export const materialPage: z.ZodType<MaterialPage, unknown> = page(
  timed(
    z.looseObject({
      media_id: z.string().min(1),
      name: z.string().optional(),
      url: z.string().optional(),
      content: newsContent.optional(),
      ...listTimes,
    }),
  ),
  'media_id',
);

export const materialCount: z.ZodType<MaterialCount, unknown> = z.looseObject({
  voice_count: count,
  video_count: count,
  image_count: count,
  news_count: count,
});

/**
 * `user/get`. The last page keeps `next_openid` = its last openid, and the call after
 * it answers `count: 0` without `data` (wechat-api.md); some answers end with an empty
 * `next_openid` instead. Both normalise to the same shape; sync-followers stops on either.
 */
export const followerPage: z.ZodType<FollowerPage, unknown> = z.looseObject({
  total: count,
  count,
  data: z.looseObject({ openid: z.array(z.string().min(1)).default([]) }).default({ openid: [] }),
  next_openid: z.string().default(''),
});

const userInfo = z.looseObject({
  subscribe: wxInt,
  openid: z.string().min(1),
  nickname: z.string().optional(),
  sex: wxInt.optional(),
  language: z.string().optional(),
  city: z.string().optional(),
  province: z.string().optional(),
  country: z.string().optional(),
  headimgurl: z.string().optional(),
  subscribe_time: unixSeconds.optional(),
  unionid: z.string().optional(),
  remark: z.string().optional(),
  groupid: wxInt.optional(),
  tagid_list: z.array(wxInt).optional(),
  subscribe_scene: z.string().optional(),
  qr_scene: wxInt.optional(),
  qr_scene_str: z.string().optional(),
});

export const userInfoList: z.ZodType<UserInfoBatch, unknown> = z
  .looseObject({ user_info_list: lenientList(userInfo, 'openid') })
  .transform(({ user_info_list }) => ({ users: user_info_list.items, rejected: user_info_list.rejected }));

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

/*
 * Third-party platform (component) answers, src/wechat/component-api.ts. Credentials are
 * bounded like access tokens; WeChat's samples show refresh tokens of ~60 characters
 * (`refreshtoken@@@…`), the bound leaves room for longer ones.
 */
const credential = z.string().min(1).max(2048);
const lifetime = wxInt.pipe(z.number().positive());

/** `func_info: [{funcscope_category: {id}}]`: the permission sets the account granted. */
const funcInfo = z
  .array(z.looseObject({ funcscope_category: z.looseObject({ id: wxInt }) }))
  .default([])
  .transform((entries) => entries.map((entry) => entry.funcscope_category.id));

/** `api_component_token`. */
export const componentTokenAnswer = z.looseObject({
  component_access_token: credential,
  expires_in: lifetime,
});

/** `api_create_preauthcode`. */
export const preAuthCodeAnswer = z.looseObject({
  pre_auth_code: z.string().min(1).max(512),
  expires_in: lifetime,
});

/** `api_query_auth`. */
export const queryAuthAnswer = z.looseObject({
  authorization_info: z.looseObject({
    authorizer_appid: z.string().min(1),
    authorizer_access_token: credential,
    expires_in: lifetime,
    authorizer_refresh_token: credential,
    func_info: funcInfo,
  }),
});

/** `api_authorizer_token`. */
export const authorizerTokenAnswer = z.looseObject({
  authorizer_access_token: credential,
  expires_in: lifetime,
  authorizer_refresh_token: credential,
});

/** `api_get_authorizer_info`: only the names are read from `authorizer_info`. */
export const authorizerInfoAnswer = z.looseObject({
  authorizer_info: z.looseObject({
    nick_name: z.string().default(''),
    user_name: z.string().min(1),
    principal_name: z.string().optional(),
  }),
  authorization_info: z
    .looseObject({
      authorizer_appid: z.string().optional(),
      authorizer_refresh_token: credential.optional(),
      func_info: funcInfo,
    })
    .default({ func_info: [] }),
});

/** `api_get_authorizer_list`: WeChat omits `list` when the page is empty. */
export const authorizerListAnswer = z.looseObject({
  total_count: count,
  list: z
    .array(
      z.looseObject({
        authorizer_appid: z.string().min(1),
        refresh_token: credential,
        auth_time: unixSeconds,
      }),
    )
    .default([]),
});
