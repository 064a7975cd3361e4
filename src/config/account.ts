import type { Sensitive } from './sensitive.js';

export const SYNC_KINDS = ['articles', 'followers', 'materials', 'analytics'] as const;
/** What a sync of an account fetches. */
export type SyncKind = (typeof SYNC_KINDS)[number];

/** When the scheduler enqueues a sync of the account; null = only on demand (API, CLI). */
export type Schedule = { kind: 'every'; everyMs: number } | { kind: 'cron'; pattern: string };

/** One WeChat Official Account as configured, its secret resolved and wrapped. */
export interface Account {
  /** `^[A-Za-z0-9_-]{1,64}$`: part of BullMQ job ids and Redis keys. */
  accountId: string;
  /** `wx` + 16 hex characters. */
  appId: string;
  appSecret: Sensitive;
  schedule: Schedule | null;
  /** Non-empty, no duplicates; default `['articles']`. */
  sync: SyncKind[];
  /** WeChat's pushes to `/wechat/push/:accountId`; absent = the route answers 404 for this account. */
  push?: PushSecrets;
  name?: string;
}

/** The account's server-URL Token and EncodingAESKey (43 characters), resolved and wrapped. */
export interface PushSecrets {
  token: Sensitive;
  /** Absent = plain mode only (encrypted pushes are refused). */
  encodingAESKey?: Sensitive;
}
