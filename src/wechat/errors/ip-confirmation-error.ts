import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 61004, 89501, 89503, 89506, 89507: the caller's IP needs, awaits or was refused the
 * admin's confirmation. A configuration fault for an operator, not something to retry in a loop.
 */
export class IpConfirmationError extends WeChatError {
  override readonly name = 'IpConfirmationError' as const;
  readonly retry = 'never' as const;
  readonly code = 'IP_CONFIRMATION' as const;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat refused ${data.appId}: IP confirmation problem (errcode ${data.errcode}): ${data.errmsg}`,
      data,
    );
  }
}
