import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 48001 (api unauthorized), 48004 (API banned for irregularities), 50001 (user
 * unauthorized), 50002 (account limited, frozen or cancelled): the account may not do
 * this; no retry.
 */
export class PermissionError extends WeChatError {
  override readonly name = 'PermissionError' as const;
  readonly retry = 'never' as const;
  readonly code = 'PERMISSION' as const;

  constructor(data: WeChatErrorData) {
    super(`WeChat denied ${data.endpoint} to ${data.appId} (errcode ${data.errcode}): ${data.errmsg}`, data);
  }
}
