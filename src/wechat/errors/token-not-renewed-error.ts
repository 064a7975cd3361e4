import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * A forced stable_token refresh brought back the very token a data API had just
 * rejected. WeChat does that, without an error, for a force less than 30 s after the
 * previous one (wechat-api.md, Tokens); forcing again at once would get the same token,
 * so the attempt stops here and the job retries once the spacing has passed.
 */
export class TokenNotRenewedError extends WeChatError {
  override readonly name = 'TokenNotRenewedError' as const;
  readonly retry = 'after' as const;
  readonly code = 'TOKEN_NOT_RENEWED' as const;
  /** Epoch milliseconds before which another forced refresh would be answered the same way. */
  readonly retryAt: number;

  constructor(data: WeChatErrorData & { retryAt: number }) {
    super(
      `WeChat answered a forced token refresh of ${data.appId} with the token it had just rejected (a force less than 30 s after the previous one renews nothing); retry after ${new Date(data.retryAt).toISOString()}`,
      data,
    );
    this.retryAt = data.retryAt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, retryAt: this.retryAt };
  }
}
