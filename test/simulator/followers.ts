import { BASE64URL, pick, randomInt, randomString, seededRng } from './prng.js';
import { nickname, place } from './seed-text.js';

/**
 * The followers of one app. Openids are generated in one pass on first use (120 000
 * take a few tens of ms) and are the same for the same appId in every run. Like real
 * openids they are 28 characters and share an app-specific prefix.
 */
export class FollowerList {
  #generated: { openids: string[]; index: Map<string, number> } | null = null;

  constructor(
    private readonly appId: string,
    readonly total: number,
  ) {}

  get openids(): readonly string[] {
    return this.generated().openids;
  }

  /** Position of an openid in the list, or -1 when it is not a follower. */
  indexOf(openid: string): number {
    return this.generated().index.get(openid) ?? -1;
  }

  /**
   * New followers at the end of the list (as WeChat lists the newest last), `count`
   * openids generated like the seeded ones; returns them. For tests of incremental syncs.
   */
  subscribe(count: number): string[] {
    const list = this.generated();
    const rng = seededRng(`${this.appId}:followers:${list.openids.length}:${count}`);
    const added: string[] = [];
    while (added.length < count) {
      const openid = randomString(rng, 28, BASE64URL, 'o').slice(0, 28);
      if (list.index.has(openid)) continue;
      list.index.set(openid, list.openids.length);
      list.openids.push(openid);
      added.push(openid);
    }
    return added;
  }

  /** Removes followers from the list (they unsubscribed); user/info then answers `subscribe: 0` for them. */
  unsubscribe(openids: readonly string[]): void {
    const gone = new Set(openids);
    const list = this.generated();
    const kept = list.openids.filter((id) => !gone.has(id));
    list.openids.length = 0;
    list.index.clear();
    for (const id of kept) {
      list.index.set(id, list.openids.length);
      list.openids.push(id);
    }
  }

  private generated(): { openids: string[]; index: Map<string, number> } {
    this.#generated ??= generateOpenids(this.appId, this.total);
    return this.#generated;
  }
}

/** Openids in list order plus their positions (which also keeps them unique). */
function generateOpenids(appId: string, total: number): { openids: string[]; index: Map<string, number> } {
  const rng = seededRng(`${appId}:followers`);
  const prefix = randomString(rng, 5, BASE64URL, 'o');
  const openids: string[] = [];
  const index = new Map<string, number>();
  while (openids.length < total) {
    const openid = randomString(rng, 22, BASE64URL, prefix);
    if (index.has(openid)) continue;
    index.set(openid, openids.length);
    openids.push(openid);
  }
  return { openids, index };
}

/** The shape of an openid, so a malformed one can be told from a non-follower. */
export const OPENID_PATTERN = /^o[A-Za-z0-9_-]{27}$/;

const SCENES = ['ADD_SCENE_SEARCH', 'ADD_SCENE_QR_CODE', 'ADD_SCENE_PROFILE_CARD', 'ADD_SCENE_ARTICLE_AD'];
const THREE_YEARS_SEC = 3 * 365 * 86_400;

/** `user/info/batchget` entry of a follower; deterministic per app and openid. */
export function followerInfo(appId: string, openid: string, anchorSec: number): Record<string, unknown> {
  const rng = seededRng(`${appId}:${openid}`);
  const where = place(rng);
  const info: Record<string, unknown> = {
    subscribe: 1,
    openid,
    nickname: nickname(rng),
    sex: randomInt(rng, 0, 2),
    language: 'zh_CN',
    city: where.city,
    province: where.province,
    country: '中国',
    headimgurl: `https://thirdwx.qlogo.cn/mmopen/${randomString(rng, 60)}/132`,
    subscribe_time: anchorSec - Math.floor(rng() * THREE_YEARS_SEC),
    remark: '',
    groupid: 0,
    tagid_list: rng() < 0.1 ? [randomInt(rng, 100, 120)] : [],
    subscribe_scene: pick(rng, SCENES),
    qr_scene: 0,
    qr_scene_str: '',
  };
  // unionid only exists when the account is bound to an Open Platform account.
  if (rng() < 0.8) info.unionid = `o6_bm${randomString(rng, 23)}`;
  return info;
}

/** What WeChat returns for someone who does not (or no longer) follow: nothing but this. */
export function nonFollowerInfo(openid: string): Record<string, unknown> {
  return { subscribe: 0, openid };
}
