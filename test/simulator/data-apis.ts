import type { AppState } from './app-state.js';
import { DATACUBE_ENDPOINTS, publishedArticle } from './datacube-apis.js';
import type { SimErrcode } from './error-messages.js';
import { followerInfo, nonFollowerInfo, OPENID_PATTERN } from './followers.js';
import { followerPage, listAnswer, listPage, MAX_USER_INFO_BATCH, readPaging } from './paging.js';
import { publishedItem } from './published-item.js';
import { MATERIAL_TYPES, type MaterialType, type NewsItem, type PublishedPost } from './seed.js';

export interface DataInput {
  query: URLSearchParams;
  /** The parsed JSON body of POST endpoints; empty for GET ones. */
  body: Record<string, unknown>;
  now: number;
}

export type DataResult = { ok: object } | { errcode: SimErrcode };

export interface DataEndpoint {
  /** Whether the endpoint takes a JSON body (WeChat answers 44002/47001 without one). */
  jsonBody: boolean;
  handle(app: AppState, input: DataInput): DataResult;
}

/*
 * A `count` outside 1..20 is refused with 47001 "data format error": WeChat documents
 * the range but not the code it answers; 47001 is what it sends for a body it cannot
 * use, and a client should treat it as its own bug, not retry.
 */
const BAD_PARAMS = { errcode: 47001 } as const;

function stripContent(post: PublishedPost): PublishedPost {
  const news_item = post.content.news_item.map(({ content: _omitted, ...rest }) => rest as NewsItem);
  return { ...post, content: { news_item } };
}

const publishedList: DataEndpoint = {
  jsonBody: true,
  handle(app, { body }) {
    const paging = readPaging(body);
    if (paging === null) return BAD_PARAMS;
    const page = listPage(app.content().published, paging);
    const posts = body.no_content === 1 ? page.item.map(stripContent) : page.item;
    const { untimedArticles } = app.config;
    const item = posts.map((post, i) => publishedItem(post, app.config, paging.offset + i < untimedArticles));
    return { ok: listAnswer({ ...page, item }) };
  },
};

const draftList: DataEndpoint = {
  jsonBody: true,
  handle(app, { body }) {
    const paging = readPaging(body);
    return paging === null ? BAD_PARAMS : { ok: listAnswer(listPage(app.content().drafts, paging)) };
  },
};

const draftCount: DataEndpoint = {
  jsonBody: false,
  handle: (app) => ({ ok: { total_count: app.content().drafts.length } }),
};

const materialList: DataEndpoint = {
  jsonBody: true,
  handle(app, { body }) {
    const type = body.type as MaterialType;
    if (!MATERIAL_TYPES.includes(type)) return { errcode: 40004 };
    const paging = readPaging(body);
    if (paging === null) return BAD_PARAMS;
    const content = app.content();
    const items: readonly object[] = type === 'news' ? content.news : content.files[type];
    return { ok: listAnswer(listPage(items, paging)) };
  },
};

const materialCount: DataEndpoint = {
  jsonBody: false,
  handle(app) {
    const { files, news } = app.content();
    const counts = {
      voice_count: files.voice.length,
      video_count: files.video.length,
      image_count: files.image.length,
      news_count: news.length,
    };
    return { ok: counts };
  },
};

const followerList: DataEndpoint = {
  jsonBody: false,
  handle(app, { query }) {
    const next = query.get('next_openid') ?? '';
    const after = next === '' ? -1 : app.followers.indexOf(next);
    if (next !== '' && after === -1) return { errcode: 40003 };
    return { ok: followerPage(app.followers.openids, after + 1, app.config.followersEnd) };
  },
};

const userInfoBatch: DataEndpoint = {
  jsonBody: true,
  handle(app, { body }) {
    const list = body.user_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_USER_INFO_BATCH)
      return { errcode: 40032 };
    const openids = list.map((entry) => (entry as { openid?: unknown } | null)?.openid);
    if (!openids.every((id): id is string => typeof id === 'string' && OPENID_PATTERN.test(id))) {
      return { errcode: 40003 };
    }
    const user_info_list = openids.map((openid) =>
      app.followers.indexOf(openid) === -1
        ? nonFollowerInfo(openid)
        : followerInfo(app.appId, openid, app.anchorSec),
    );
    return { ok: { user_info_list } };
  },
};

/*
 * Paths without a quota (and every path when quotas are off) answer 76021: the
 * simulator only knows the limits it enforces.
 */
const quotaGet: DataEndpoint = {
  jsonBody: true,
  handle(app, { body, now }) {
    if (typeof body.cgi_path !== 'string') return BAD_PARAMS;
    const quota = app.quotas.usage(body.cgi_path, now);
    return quota === null ? { errcode: 76021 } : { ok: { errcode: 0, errmsg: 'ok', quota } };
  },
};

/** Every data endpoint the simulator serves, by path. */
export const DATA_ENDPOINTS: ReadonlyMap<string, DataEndpoint> = new Map([
  ['/cgi-bin/freepublish/batchget', publishedList],
  ['/cgi-bin/draft/batchget', draftList],
  ['/cgi-bin/draft/count', draftCount],
  ['/cgi-bin/material/batchget_material', materialList],
  ['/cgi-bin/material/get_materialcount', materialCount],
  ['/cgi-bin/user/get', followerList],
  ['/cgi-bin/user/info/batchget', userInfoBatch],
  ['/cgi-bin/openapi/quota/get', quotaGet],
  ['/cgi-bin/freepublish/getarticle', publishedArticle],
  ...DATACUBE_ENDPOINTS,
]);
