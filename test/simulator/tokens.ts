import { quotaDay } from './clock.js';
import type { TokenBook } from './token-book.js';

/** What a token endpoint hands out. */
export interface GrantedToken {
  token: string;
  expiresInSec: number;
  /** False when stable_token returned the token it had already issued. */
  issued: boolean;
}

/** The docs' overlap: a superseded token keeps working about 5 minutes. */
export const MAX_OVERLAP_SEC = 300;

/**
 * `/cgi-bin/token`: every call issues a new token; the previous one keeps working for
 * the overlap, then answers 40001 "not latest" (wechat-api.md, Tokens).
 */
export function grantClientToken(
  book: TokenBook,
  now: number,
  ttlMs: number,
  overlapMs: number,
): GrantedToken {
  book.supersede('token', now, now + overlapMs);
  const { token } = book.issue('token', now, ttlMs);
  return { token, expiresInSec: Math.floor(ttlMs / 1000), issued: true };
}

/**
 * stable_token rotates in the last 5 minutes of a token's life. With a benchmark TTL
 * shorter than 10 minutes that window would swallow the whole life (a new token on
 * every call), so it is capped at half the TTL.
 */
export function stableRotateWindowMs(ttlMs: number): number {
  return Math.min(MAX_OVERLAP_SEC * 1000, Math.floor(ttlMs / 2));
}

/**
 * `/cgi-bin/stable_token` without force: the same token while it has more than the
 * rotation window left (expires_in = remaining life); inside the window a new one is
 * issued and the old one keeps working until its own expiry.
 */
export function grantStableToken(book: TokenBook, now: number, ttlMs: number): GrantedToken {
  const current = book.current('stable', now);
  if (current !== null && current.record.expiresAt - now > stableRotateWindowMs(ttlMs)) {
    return {
      token: current.token,
      expiresInSec: Math.floor((current.record.expiresAt - now) / 1000),
      issued: false,
    };
  }
  const { token } = book.issue('stable', now, ttlMs);
  return { token, expiresInSec: Math.floor(ttlMs / 1000), issued: true };
}

/** `force_refresh: true`: every stable token of the app stops working now; a new one is issued. */
export function forceStableToken(book: TokenBook, now: number, ttlMs: number): GrantedToken {
  book.supersede('stable', now, now);
  const { token } = book.issue('stable', now, ttlMs);
  return { token, expiresInSec: Math.floor(ttlMs / 1000), issued: true };
}

export const FORCE_REFRESH_DAILY_LIMIT = 20;
export const FORCE_REFRESH_SPACING_MS = 30_000;

/**
 * force_refresh is limited to 20 a day, at least 30 s apart. WeChat does not document
 * the errcode past the cap; the simulator answers 45009 (daily quota). A force too soon
 * is no error at WeChat (it answers the current token, wechat-api.md); `refusal` says
 * 45011 and the caller applies the app's `forceRefreshTooSoon` switch.
 */
export class ForceRefreshLimiter {
  #day = -1;
  #count = 0;
  #lastAt = Number.NEGATIVE_INFINITY;

  /** The errcode refusing a force refresh now, or null when it is allowed. */
  refusal(now: number): 45009 | 45011 | null {
    if (quotaDay(now) === this.#day && this.#count >= FORCE_REFRESH_DAILY_LIMIT) return 45009;
    if (now - this.#lastAt < FORCE_REFRESH_SPACING_MS) return 45011;
    return null;
  }

  record(now: number): void {
    const day = quotaDay(now);
    if (day !== this.#day) {
      this.#day = day;
      this.#count = 0;
    }
    this.#count++;
    this.#lastAt = now;
  }
}
