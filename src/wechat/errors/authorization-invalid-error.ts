import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 61023 (the authorizer refresh token is invalid: the account revoked the platform, or
 * re-authorised it and so replaced the token) and 61003 (this account has not authorised
 * the platform). Only the account's administrator can fix it, by authorising again; a
 * retry gets the same answer. `appId` is the authorizer's (the account's) AppID.
 */
export class AuthorizationInvalidError extends WeChatError {
  override readonly name = 'AuthorizationInvalidError' as const;
  readonly retry = 'never' as const;
  readonly code = 'AUTHORIZATION_INVALID' as const;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat says ${data.appId} has not authorised the platform, or its authorisation was withdrawn (errcode ${data.errcode}): ${data.errmsg}`,
      data,
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}
