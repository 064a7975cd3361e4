import { ApiError } from '../../api/api-errors.js';
import { WeChatError } from '../../wechat/errors/index.js';
import { ForceRefreshBudgetError } from '../force-refresh-budget-error.js';
import { TokenWaitTimeoutError } from '../token-wait-timeout-error.js';

const retryAfter = (retryAt: number, now: number) => String(Math.max(1, Math.ceil((retryAt - now) / 1000)));

export const appNotAllowed = (clientId: string, appId: string) =>
  new ApiError('FORBIDDEN', `appId: client ${clientId} may not read the token of ${appId}`);

export const rateLimited = (clientId: string, max: number, retryAfterS: number) =>
  new ApiError(
    'RATE_LIMITED',
    `rate limit: client ${clientId} may make ${max} token requests a minute; retry in ${retryAfterS} s`,
    { 'retry-after': String(retryAfterS) },
  );

/**
 * Why the authority could not hand out a token, as the client should see it, or null for
 * a fault of our own (a 500). Error messages here never hold a token or a secret
 * (src/wechat/errors build them from errcode, errmsg and ids only).
 */
export function tokenUnavailable(err: unknown, now: number): ApiError | null {
  if (err instanceof ForceRefreshBudgetError) {
    return new ApiError('FORCE_REFRESH_REFUSED', err.message, {
      'retry-after': retryAfter(err.retryAt, now),
    });
  }
  if (err instanceof WeChatError || err instanceof TokenWaitTimeoutError) {
    return new ApiError('TOKEN_UNAVAILABLE', `WeChat did not issue a token: ${err.message}`);
  }
  return null;
}
