import type { StoredFollower } from '../store/index.js';
import type { UserInfo } from '../wechat/types.js';

/**
 * A `user/info/batchget` entry → the record the store keeps. Missing fields become
 * '' / 0 / [] so the same answer always maps to the same record (counted unchanged).
 * `subscribe: 0` (the user left between user/get and user/info) comes with the openid
 * only and is stored as unsubscribed.
 */
export function mapUserInfo(info: UserInfo): StoredFollower {
  return {
    openid: info.openid,
    subscribed: info.subscribe === 1,
    nickname: info.nickname ?? '',
    sex: info.sex ?? 0,
    language: info.language ?? '',
    city: info.city ?? '',
    province: info.province ?? '',
    country: info.country ?? '',
    headImgUrl: info.headimgurl ?? '',
    subscribeTime: info.subscribe_time ?? 0,
    unionId: info.unionid ?? '',
    remark: info.remark ?? '',
    groupId: info.groupid ?? 0,
    tagIds: info.tagid_list ?? [],
    subscribeScene: info.subscribe_scene ?? '',
  };
}
