import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * Attempts a job spends on an answer nobody knows (one try and two retries): enough to
 * outlast a passing fault, few enough that an unknown refusal is not hammered five times
 * and reaches an operator quickly, quoting WeChat's errmsg.
 */
export const UNKNOWN_ERROR_MAX_ATTEMPTS = 3;

/** Any errcode the classifier does not know. Kept verbatim; retried with backoff, at most UNKNOWN_ERROR_MAX_ATTEMPTS attempts. */
export class UnknownWeChatError extends WeChatError {
  override readonly name = 'UnknownWeChatError' as const;
  readonly retry = 'backoff' as const;
  readonly code = 'WECHAT_ERROR' as const;
  readonly maxAttempts = UNKNOWN_ERROR_MAX_ATTEMPTS;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat answered ${data.endpoint} for ${data.appId} with errcode ${data.errcode}: ${data.errmsg}`,
      data,
    );
  }
}
