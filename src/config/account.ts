import type { Sensitive } from './sensitive.js';

export const SYNC_KINDS = ['articles', 'followers', 'materials', 'analytics'] as const;
/** What a sync of an account fetches. */
export type SyncKind = (typeof SYNC_KINDS)[number];

/** When the scheduler enqueues a sync of the account; null = only on demand (API, CLI). */
export type Schedule = { kind: 'every'; everyMs: number } | { kind: 'cron'; pattern: string };

interface AccountBase {
  /** `^[A-Za-z0-9_-]{1,64}$`: part of BullMQ job ids and Redis keys. */
  accountId: string;
  /** `wx` + 16 hex characters. */
  appId: string;
  schedule: Schedule | null;
  /** Non-empty, no duplicates; default `['articles']`. */
  sync: SyncKind[];
  /** WeChat's pushes to `/wechat/push/:accountId`; absent = the route answers 404 for this account. */
  push?: PushSecrets;
  name?: string;
}

/** An account whose AppSecret we hold: tokens come from WeChat's token endpoints. */
export interface OwnSecretAccount extends AccountBase {
  appSecret: Sensitive;
  platform?: undefined;
}

/**
 * An account that authorised a third-party platform (第三方平台): no AppSecret, its tokens
 * come from the platform with the stored authorizer refresh token (src/platform).
 */
export interface PlatformAccount extends AccountBase {
  /** The `platformId` of one of the file's platforms. */
  platform: string;
  appSecret?: undefined;
}

/** One WeChat Official Account as configured, its secret (if any) resolved and wrapped. */
export type Account = OwnSecretAccount | PlatformAccount;

/** The account's server-URL Token and EncodingAESKey (43 characters), resolved and wrapped. */
export interface PushSecrets {
  token: Sensitive;
  /** Absent = plain mode only (encrypted pushes are refused). */
  encodingAESKey?: Sensitive;
}
