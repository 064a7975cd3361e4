/**
 * What the worker does with a failure. Every WeChat error states it explicitly so the
 * job layer never has to guess from an errcode.
 * - `never`: configuration or permission fault; retrying cannot help.
 * - `backoff`: transient; retry with exponential backoff and jitter.
 * - `after`: retry no sooner than `retryAt` (quota windows).
 * - `refresh-token`: drop the token (if still cached), fetch a new one, retry once.
 */
export type RetryDecision = 'never' | 'backoff' | 'after' | 'refresh-token';

export interface WeChatErrorData {
  /** WeChat's errcode, or null when there was no WeChat answer (timeout, reset, HTML page). */
  errcode: number | null;
  /** WeChat's errmsg verbatim, or a description of what went wrong on the wire. */
  errmsg: string;
  /** WeChat's request id from the errmsg (`rid: …`), when present. */
  rid: string | null;
  /** The app the call was made for. Never the secret. */
  appId: string;
  /** The path called, without query string (so no token or secret), e.g. `/cgi-bin/stable_token`. */
  endpoint: string;
}

/**
 * Base of every error a WeChat call can raise. Errors cross process boundaries (job
 * failedReason, API answers), so `name` is a literal and all data is plain readonly fields.
 */
export abstract class WeChatError extends Error {
  abstract override readonly name: string;
  abstract readonly retry: RetryDecision;
  readonly errcode: number | null;
  readonly errmsg: string;
  readonly rid: string | null;
  readonly appId: string;
  readonly endpoint: string;

  constructor(message: string, data: WeChatErrorData) {
    super(message);
    this.errcode = data.errcode;
    this.errmsg = data.errmsg;
    this.rid = data.rid;
    this.appId = data.appId;
    this.endpoint = data.endpoint;
  }

  /** Plain data for logs, job diagnostics and API answers. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      retry: this.retry,
      errcode: this.errcode,
      errmsg: this.errmsg,
      rid: this.rid,
      appId: this.appId,
      endpoint: this.endpoint,
    };
  }
}
