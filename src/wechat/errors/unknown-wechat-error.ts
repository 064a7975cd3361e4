import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/** Any errcode the classifier does not know. Kept verbatim; retried with backoff since attempts are bounded. */
export class UnknownWeChatError extends WeChatError {
  override readonly name = 'UnknownWeChatError' as const;
  readonly retry = 'backoff' as const;
  readonly code = 'WECHAT_ERROR' as const;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat answered ${data.endpoint} for ${data.appId} with errcode ${data.errcode}: ${data.errmsg}`,
      data,
    );
  }
}
