import type { AccessToken } from '../wechat/access-token.js';
import { TokenInvalidError } from '../wechat/errors/index.js';
import { holdsToken, isFresh, type TokenRecord } from './token-cache-record.js';

/**
 * Something else refreshed this app's token: WeChat answered 40001 ("access_token is
 * invalid or not latest") for the token we still cache, while it had plenty of life
 * left. Our own refreshes replace the cached token first, so a fresh cached token that
 * WeChat calls "not latest" was superseded by another system (a /cgi-bin/token call or a
 * forced stable_token elsewhere): the fault WeChat developers report most.
 */
export interface TokenFight {
  appId: string;
  /** Epoch ms of the rejection. */
  at: number;
  /** How long the rejected token still had to live by its expiry. */
  remainingMs: number;
  /** WeChat's request id, to quote to WeChat support. */
  rid: string | null;
}

/** Pure: the fight a rejection reveals, or null (expiry, an old token, another errcode). */
export function detectTokenFight(
  err: unknown,
  record: TokenRecord | null,
  rejected: AccessToken,
  now: number,
  refreshMarginMs: number,
): TokenFight | null {
  if (!(err instanceof TokenInvalidError) || err.errcode !== 40001) return null;
  // Not the cached token: the cache moved on (our own refresh), nothing was taken from us.
  if (record === null || !holdsToken(record, rejected)) return null;
  // Near its end a rejection is expected (rotation, clock skew): not evidence of a fight.
  if (!isFresh(record, now, refreshMarginMs)) return null;
  return { appId: err.appId, at: now, remainingMs: Math.max(0, record.expiresAt - now), rid: err.rid };
}
