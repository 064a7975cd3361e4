/**
 * What a failed job carries for an operator, as plain JSON: shown on Bull Board (Progress
 * tab and Error tab), returned by the job-status route and kept as the account's last
 * failure. Never contains a secret or a token: only what WeChat said and where.
 */
export type FailureCode =
  | 'IP_NOT_WHITELISTED'
  | 'IP_CONFIRMATION'
  | 'BAD_CREDENTIALS'
  /** 61023 / 61003: the account's authorisation of the third-party platform is gone. */
  | 'AUTHORIZATION_INVALID'
  /** The account's authorisation of its platform is stored as revoked (an `unauthorized` push). */
  | 'AUTHORIZATION_REVOKED'
  /** The account names a platform but no authorisation of it is stored. */
  | 'NOT_AUTHORIZED'
  | 'PERMISSION'
  | 'INVALID_REQUEST'
  | 'API_UNSUPPORTED'
  | 'WECHAT_ERROR'
  | 'INVALID_JOB_DATA'
  | 'UNKNOWN_ACCOUNT'
  /** A retryable error (busy, timeout, 5xx, quota) on the last attempt. */
  | 'RETRIES_EXHAUSTED';

export interface FailureDiagnostic {
  code: FailureCode;
  /** One human sentence, the same as the job's failedReason. */
  summary: string;
  accountId: string | null;
  appId: string | null;
  errcode: number | null;
  errmsg: string | null;
  /** The IPv4 address WeChat saw (whitelist faults). */
  ip: string | null;
  ipv6: string | null;
  rid: string | null;
  /** The `hint: [...]` id of older whitelist answers; absent in diagnostics of other faults. */
  hint?: string | null;
  /** The WeChat path that answered, without query string. */
  endpoint: string | null;
  /** Which configured value was rejected (credential faults). */
  field: string | null;
  /** ISO time of the failure. */
  at: string;
  /** Steps that fix it, in order. */
  remedy: string[];
  /** The third-party platform the account gets its tokens through; absent for own-secret accounts. */
  platform?: PlatformRef | null;
  /** ISO time the account revoked its authorisation (AUTHORIZATION_REVOKED), when known. */
  revokedAt?: string | null;
  /** ISO time until which further jobs of this account fail fast without calling WeChat. */
  blockedUntil: string | null;
}

/** Which platform an account is authorised through, as diagnostics name it (never a secret). */
export interface PlatformRef {
  platformId: string;
  componentAppId: string;
  name?: string;
}
