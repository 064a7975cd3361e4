import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/** Which configured value WeChat rejected: an account's, or (component_*) a third-party platform's. */
export type CredentialField = 'appId' | 'appSecret' | 'componentAppId' | 'componentAppSecret';

/**
 * 40013 (appId), 40125 / 40243 (appSecret wrong or frozen), and 40001 answered by a token
 * endpoint itself, where it means a wrong AppSecret (wechat-api.md): fix the accounts
 * file, do not retry. On api_component_token the same codes name the platform's
 * component AppID / secret, and `appId` is the component AppID.
 */
export class CredentialsError extends WeChatError {
  override readonly name = 'CredentialsError' as const;
  readonly retry = 'never' as const;
  readonly code = 'BAD_CREDENTIALS' as const;
  readonly field: CredentialField;

  constructor(data: WeChatErrorData & { field: CredentialField }) {
    super(
      `WeChat rejected the ${data.field} of ${data.appId} (errcode ${data.errcode}): ${data.errmsg}`,
      data,
    );
    this.field = data.field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, field: this.field };
  }
}
