import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 40002, 40097, 41001, 41002, 41004, 44002, 47001: WeChat says our own request was
 * malformed (grant_type, arguments, a missing token, appid or secret, an empty or
 * unreadable body). The same request fails the same way every time: a bug to report,
 * never retried.
 */
export class InvalidRequestError extends WeChatError {
  override readonly name = 'InvalidRequestError' as const;
  readonly retry = 'never' as const;
  readonly code = 'INVALID_REQUEST' as const;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat refused the ${data.endpoint} request for ${data.appId} as malformed (errcode ${data.errcode}): ${data.errmsg}`,
      data,
    );
  }
}
