import type { SeedInput } from './config.js';
import { type Rng, randomInt, randomString, seededRng } from './prng.js';
import { articleBody, articleTitle, authorName, fileName } from './seed-text.js';

/** One article of a published post or draft, field names as WeChat sends them. */
export interface NewsItem {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  /** In real answers, though the documented field list omits it. */
  thumb_url: string;
  show_cover_pic: 0 | 1;
  need_open_comment: 0 | 1;
  only_fans_can_comment: 0 | 1;
  url: string;
  is_deleted?: boolean;
}

/** A published post as the seed holds it; published-item.ts shapes it as WeChat sends it. */
export interface PublishedPost {
  article_id: string;
  content: { news_item: NewsItem[] };
  create_time: number;
  update_time: number;
}

export interface DraftPost {
  media_id: string;
  content: { news_item: NewsItem[] };
  update_time: number;
}

export type MaterialType = 'image' | 'video' | 'voice' | 'news';
export const MATERIAL_TYPES: readonly MaterialType[] = ['image', 'video', 'voice', 'news'];

export interface FileMaterial {
  media_id: string;
  name: string;
  update_time: number;
  url: string;
}

export interface NewsMaterial {
  media_id: string;
  content: { news_item: NewsItem[]; create_time: number; update_time: number };
  update_time: number;
}

export interface SeedCounts {
  articles: number;
  drafts: number;
  followers: number;
  materials: Record<MaterialType, number>;
}

/** What an app without a `seed` gets: enough to page through in a demo. */
export const DEFAULT_SEED: SeedCounts = {
  articles: 30,
  drafts: 5,
  followers: 250,
  materials: { image: 12, video: 2, voice: 1, news: 3 },
};

export function resolveSeed(input: SeedInput | undefined): SeedCounts {
  return {
    articles: input?.articles ?? DEFAULT_SEED.articles,
    drafts: input?.drafts ?? DEFAULT_SEED.drafts,
    followers: input?.followers ?? DEFAULT_SEED.followers,
    materials: { ...DEFAULT_SEED.materials, ...input?.materials },
  };
}

export interface SeedContent {
  published: PublishedPost[];
  drafts: DraftPost[];
  files: Record<'image' | 'video' | 'voice', FileMaterial[]>;
  news: NewsMaterial[];
}

const YEAR_SEC = 365 * 86_400;

/**
 * Articles, drafts and materials of one app: the same for the same appId and counts.
 * Times are spread over the year before `anchorSec` (the sim time the app was set up),
 * in no particular order, since WeChat does not promise newest-first either.
 */
export function generateContent(appId: string, counts: SeedCounts, anchorSec: number): SeedContent {
  const rng = seededRng(`${appId}:content`);
  const time = () => anchorSec - Math.floor(rng() * YEAR_SEC);
  const published = Array.from({ length: counts.articles }, (_, i) => {
    const update_time = time();
    const news_item = newsItems(rng, rng() < 0.02);
    // Some posts were edited after publishing; derived from the index so the rng sequence (and every seed) stays as it was.
    const create_time = update_time - (i % 3) * 3_600;
    return { article_id: mediaId(rng), content: { news_item }, create_time, update_time };
  });
  const drafts = Array.from({ length: counts.drafts }, () => ({
    media_id: mediaId(rng),
    content: { news_item: newsItems(rng, undefined) },
    update_time: time(),
  }));
  const file = (ext: string, url: (id: string) => string) => {
    const media_id = mediaId(rng);
    return { media_id, name: fileName(rng, ext), update_time: time(), url: url(media_id) };
  };
  const files = {
    image: Array.from({ length: counts.materials.image }, () =>
      file('jpg', () => `http://mmbiz.qpic.cn/mmbiz_jpg/${randomString(rng, 40)}/0?wx_fmt=jpeg`),
    ),
    // Only images and news carry a URL in the material list; WeChat leaves it empty for the rest.
    video: Array.from({ length: counts.materials.video }, () => file('mp4', () => '')),
    voice: Array.from({ length: counts.materials.voice }, () => file('mp3', () => '')),
  };
  const news = Array.from({ length: counts.materials.news }, () => {
    const update_time = time();
    const content = { news_item: newsItems(rng, undefined), create_time: update_time, update_time };
    return { media_id: mediaId(rng), content, update_time };
  });
  return { published, drafts, files, news };
}

/** WeChat media and article ids: 43 characters of base64url. */
function mediaId(rng: Rng): string {
  return randomString(rng, 43);
}

/** 1 to 3 articles per post, most posts having one. */
function newsItems(rng: Rng, isDeleted: boolean | undefined): NewsItem[] {
  const count = rng() < 0.7 ? 1 : randomInt(rng, 2, 3);
  return Array.from({ length: count }, () => {
    const { content, digest } = articleBody(rng);
    const item: NewsItem = {
      title: articleTitle(rng),
      author: authorName(rng),
      digest,
      content,
      content_source_url: rng() < 0.2 ? `https://example.com/post/${randomInt(rng, 1000, 99999)}` : '',
      thumb_media_id: mediaId(rng),
      thumb_url: '',
      show_cover_pic: rng() < 0.5 ? 1 : 0,
      need_open_comment: rng() < 0.6 ? 1 : 0,
      only_fans_can_comment: rng() < 0.2 ? 1 : 0,
      url: `https://mp.weixin.qq.com/s/${randomString(rng, 22)}`,
    };
    // Derived, not drawn, so the rng sequence (and every seed) stays as it was.
    item.thumb_url = `https://mmbiz.qpic.cn/mmbiz_jpg/${item.thumb_media_id.slice(0, 32)}/0?wx_fmt=jpeg`;
    if (isDeleted !== undefined) item.is_deleted = isDeleted;
    return item;
  });
}
