import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/** What kind of transient trouble it was, for metrics and the job's failure text. */
export type TransientKind = 'busy' | 'http-status' | 'timeout' | 'network' | 'bad-response';

/** -1 (system busy), HTTP 5xx, timeouts, connection resets, non-JSON answers: retry with backoff. */
export class TransientError extends WeChatError {
  override readonly name = 'TransientError' as const;
  readonly retry = 'backoff' as const;
  readonly code = 'TRANSIENT' as const;
  readonly kind: TransientKind;
  /** HTTP status when the failure was an HTTP answer, else null. */
  readonly statusCode: number | null;

  constructor(data: WeChatErrorData & { kind: TransientKind; statusCode?: number | null }) {
    super(`WeChat call ${data.endpoint} for ${data.appId} failed (${data.kind}): ${data.errmsg}`, data);
    this.kind = data.kind;
    this.statusCode = data.statusCode ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, kind: this.kind, statusCode: this.statusCode };
  }
}
