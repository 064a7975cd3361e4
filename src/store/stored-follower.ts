/**
 * One follower as the store keeps it: `user/info/batchget`'s entry camel-cased, with
 * the fields WeChat may leave out normalised ('' / 0 / []) so two fetches of the same
 * user serialise to the same JSON. User info is fetched once, when an openid is first
 * seen (or seen again after it was marked unsubscribed), not on every pass: 120 000
 * followers would cost 1 200 user/info calls a run.
 */
export interface StoredFollower {
  openid: string;
  /**
   * false once the follower was missing from a full pass of `user/get` (or WeChat
   * answered `subscribe: 0`). The record is kept, not deleted, so downstream systems see
   * who left.
   */
  subscribed: boolean;
  nickname: string;
  /** 0 unknown, 1 male, 2 female (WeChat no longer fills it for most accounts). */
  sex: number;
  language: string;
  city: string;
  province: string;
  country: string;
  headImgUrl: string;
  /** Unix seconds; 0 when WeChat did not say. */
  subscribeTime: number;
  /** '' unless the account is bound to an Open Platform account. */
  unionId: string;
  remark: string;
  groupId: number;
  tagIds: number[];
  subscribeScene: string;
  /** Unix ms of the pass that found the follower gone; absent while subscribed. */
  unsubscribedAt?: number;
}

/** What `followers/summary` shows. */
export interface FollowerCounts {
  subscribed: number;
  unsubscribed: number;
}
