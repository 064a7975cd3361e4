import type { IssuedToken } from '../../wechat/access-token.js';

/** What a client receives: the token, when it stops working, and WeChat's own `expires_in`. */
export interface TokenAnswer {
  access_token: string;
  /** ISO 8601, UTC. */
  expires_at: string;
  /** Seconds left, rounded down, as WeChat's token APIs say it. */
  expires_in: number;
}

/** The one place a token is revealed for the wire. */
export function tokenAnswer(issued: IssuedToken, now: number): TokenAnswer {
  return {
    access_token: issued.token.reveal(),
    expires_at: new Date(issued.expiresAt).toISOString(),
    expires_in: Math.max(0, Math.floor((issued.expiresAt - now) / 1000)),
  };
}
