import { WeChatError, type WeChatErrorData } from './wechat-error.js';

export type QuotaScope = 'daily' | 'minute';

/** 45009 (daily quota) and 45011 (per-minute frequency): retry no sooner than `retryAt`. */
export class QuotaError extends WeChatError {
  override readonly name = 'QuotaError' as const;
  readonly retry = 'after' as const;
  readonly code = 'QUOTA' as const;
  readonly scope: QuotaScope;
  /** Epoch milliseconds before which a retry is pointless. */
  readonly retryAt: number;

  constructor(data: WeChatErrorData & { scope: QuotaScope; retryAt: number }) {
    super(
      `WeChat ${data.scope} quota reached for ${data.appId} on ${data.endpoint}; retry after ${new Date(data.retryAt).toISOString()}`,
      data,
    );
    this.scope = data.scope;
    this.retryAt = data.retryAt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, scope: this.scope, retryAt: this.retryAt };
  }
}
