import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 89501–89507: a message went to the account's administrator about this IP; the call
 * waits for, or was refused, their confirmation. A configuration fault for an operator,
 * not something to retry in a loop (a refusal blocks the IP for 1 h or 24 h).
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
