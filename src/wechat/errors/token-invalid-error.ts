import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/** 40001 / 40014 / 42001: the access token is invalid, superseded or expired. Refresh once and retry. */
export class TokenInvalidError extends WeChatError {
  override readonly name = 'TokenInvalidError' as const;
  readonly retry = 'refresh-token' as const;
  readonly code = 'TOKEN_INVALID' as const;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat rejected the access token of ${data.appId} (errcode ${data.errcode}): ${data.errmsg}`,
      data,
    );
  }
}
