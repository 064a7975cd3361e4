import type { RejectedItem } from './lenient-list.js';

export type { RejectedItem } from './lenient-list.js';

/**
 * Answers of WeChat's data APIs, with WeChat's own field names (wechat-api.md), after
 * validation. Fields WeChat may leave out are optional; lists WeChat omits when empty
 * are normalised to `[]`.
 */

/** One article of a published item, draft or news material. */
export interface NewsItem {
  title: string;
  author?: string;
  digest?: string;
  /** HTML; absent when the call asked for `no_content`. */
  content?: string;
  content_source_url?: string;
  thumb_media_id?: string;
  /** In real freepublish answers, though the documented field list omits it. */
  thumb_url?: string;
  show_cover_pic?: number;
  need_open_comment?: number;
  only_fans_can_comment?: number;
  url?: string;
  is_deleted?: boolean;
}

export interface PublishedItem {
  article_id: string;
  content: { news_item: NewsItem[] };
  /** Unix seconds: the item's own, else its content's (real answers carry it only there). */
  update_time: number;
}

/** `POST /cgi-bin/freepublish/batchget`. Order is not guaranteed newest-first. */
export interface PublishedPage {
  total_count: number;
  item_count: number;
  item: PublishedItem[];
  /** Entries that did not validate, left out of `item` (they still count in item_count). */
  rejected: RejectedItem[];
}

export interface DraftItem {
  media_id: string;
  content: { news_item: NewsItem[] };
  update_time: number;
}

/** `POST /cgi-bin/draft/batchget`. */
export interface DraftPage {
  total_count: number;
  item_count: number;
  item: DraftItem[];
  rejected: RejectedItem[];
}

/** `GET /cgi-bin/draft/count`. */
export interface DraftCount {
  total_count: number;
}

/** `GET /cgi-bin/material/get_materialcount`. */
export interface MaterialCount {
  voice_count: number;
  video_count: number;
  image_count: number;
  news_count: number;
}

export type MaterialType = 'image' | 'video' | 'voice' | 'news';

/** News materials carry `content`; image, video and voice carry `name` and `url`. */
export interface MaterialItem {
  media_id: string;
  update_time: number;
  name?: string;
  url?: string;
  content?: { news_item: NewsItem[] };
}

/** `POST /cgi-bin/material/batchget_material`. */
export interface MaterialPage {
  total_count: number;
  item_count: number;
  item: MaterialItem[];
  rejected: RejectedItem[];
}

/**
 * `GET /cgi-bin/user/get`: at most 10 000 openids. The last page keeps `next_openid` =
 * its last openid and the next call answers `count: 0` without `data`; some answers end
 * with `next_openid` '' instead.
 */
export interface FollowerPage {
  total: number;
  count: number;
  /** WeChat omits `data` when `count` is 0; normalised to an empty list. */
  data: { openid: string[] };
  next_openid: string;
}

/** One entry of `POST /cgi-bin/user/info/batchget`; `subscribe: 0` comes with the openid only. */
export interface UserInfo {
  subscribe: number;
  openid: string;
  nickname?: string;
  sex?: number;
  language?: string;
  city?: string;
  province?: string;
  country?: string;
  headimgurl?: string;
  /** Unix seconds. */
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
}

/** `POST /cgi-bin/user/info/batchget`: the entries that validated, and the ones that did not. */
export interface UserInfoBatch {
  users: UserInfo[];
  rejected: RejectedItem[];
}

/** `POST /cgi-bin/openapi/quota/get`, camel-cased. */
export interface ApiQuota {
  dailyLimit: number;
  used: number;
  remain: number;
}

/** The datacube APIs the analytics sync calls. */
export const DATACUBE_APIS = [
  'getusersummary',
  'getusercumulate',
  'getarticlesummary',
  'getarticletotal',
] as const;
export type DatacubeApi = (typeof DATACUBE_APIS)[number];

/** One entry of a datacube `list`: its day and WeChat's figures as sent. */
export type DatacubeRow = { ref_date: string } & Record<string, unknown>;
