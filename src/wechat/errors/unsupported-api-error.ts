import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/** 45106: WeChat no longer serves this API (old article-material calls); that kind cannot be synced. */
export class UnsupportedApiError extends WeChatError {
  override readonly name = 'UnsupportedApiError' as const;
  readonly retry = 'never' as const;
  readonly code = 'API_UNSUPPORTED' as const;

  constructor(data: WeChatErrorData) {
    super(`WeChat no longer supports ${data.endpoint} (errcode ${data.errcode}): ${data.errmsg}`, data);
  }
}
