/**
 * Why a pushed message could not be verified or opened. `code` is EasyWeChat's /
 * WeChat's sample-code error number (-40001 signature, -40002 XML, -40004 key,
 * -40005 AppID, -40007 decrypt), so an operator can match it with WeChat's docs.
 * Never retried: the same bytes fail the same way.
 */
export class WeChatCryptoError extends Error {
  override readonly name = 'WeChatCryptoError' as const;
  readonly retry = 'never' as const;

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
