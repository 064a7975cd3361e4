import type { StoredArticle } from '../../src/store/stored-article.js';
import type { StoredFollower } from '../../src/store/stored-follower.js';
import type { StoredMaterial, StoredMaterialType } from '../../src/store/stored-material.js';
import type { Checkpoint, KindState } from '../../src/store/sync-state.js';

/** Records and states for the store contract: small, valid, and different per argument. */

export function article(id: string, updateTime: number, title = `title ${id}`): StoredArticle {
  return {
    articleId: id,
    updateTime,
    items: [
      {
        title,
        author: 'editor',
        digest: `digest of ${id}`,
        url: `https://mp.weixin.qq.com/s/${id}`,
        contentSourceUrl: '',
        thumbMediaId: `thumb-${id}`,
        isDeleted: false,
      },
    ],
  };
}

export function follower(openid: string, over: Partial<StoredFollower> = {}): StoredFollower {
  return {
    openid,
    subscribed: true,
    nickname: `nick ${openid}`,
    sex: 0,
    language: 'zh_CN',
    city: '',
    province: '',
    country: '中国',
    headImgUrl: '',
    subscribeTime: 1_700_000_000,
    unionId: '',
    remark: '',
    groupId: 0,
    tagIds: [],
    subscribeScene: 'ADD_SCENE_SEARCH',
    ...over,
  };
}

export function material(
  mediaId: string,
  type: StoredMaterialType,
  updateTime = 1_700_000_000,
): StoredMaterial {
  return { mediaId, type, updateTime, name: type === 'news' ? '' : `${mediaId}.bin`, url: '', items: [] };
}

const common = { full: true, startedAt: 1_700_000_000_000 };

export function checkpointOf(kind: Checkpoint['kind'], pass: number, pages: number): Checkpoint {
  if (kind === 'articles') return { kind, pass, pages, offset: pages * 20, ...common };
  if (kind === 'followers')
    return { kind, pass, pages, nextOpenid: `next-${pages}`, sweeping: false, ...common };
  const counts = { news: 1, image: 2, video: 0, voice: 0 };
  return { kind, pass, pages, type: 'image', offset: pages * 20, counts, ...common };
}

/** The state after `pages` pages of pass `pass` of `kind`. */
export function stateAt(kind: Checkpoint['kind'], pass: number, pages: number): KindState {
  return { checkpoint: checkpointOf(kind, pass, pages), lastCompleted: null, lastFull: null };
}

/** The state of a pass that finished. */
export function completedState(pass: number, pages: number): KindState {
  const done = {
    pass,
    full: true,
    startedAt: common.startedAt,
    completedAt: common.startedAt + 60_000,
    pages,
  };
  return { checkpoint: null, lastCompleted: done, lastFull: done };
}

/** The same record with its keys in reverse order at every level. */
export function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)])) as T;
}
