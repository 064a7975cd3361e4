import { z } from 'zod';
import { AccessToken, type IssuedToken } from '../wechat/access-token.js';

/** A cached token as read back from Redis; the string is wrapped at once so it cannot be logged. */
export interface TokenRecord {
  token: AccessToken;
  /** Epoch ms when WeChat says the token stops working. */
  expiresAt: number;
  /** Epoch ms when it was fetched, or null for a record written without it. */
  fetchedAt: number | null;
}

// `access_token` keeps WeChat's field name so an operator reading Redis recognises it.
const stored = z.object({
  access_token: z.string().min(1),
  expiresAt: z.number().finite(),
  fetchedAt: z.number().finite().optional(),
});

/** The JSON stored under keys.token(appId). */
export function encodeTokenRecord(issued: IssuedToken, fetchedAt: number): string {
  return JSON.stringify({ access_token: issued.token.reveal(), expiresAt: issued.expiresAt, fetchedAt });
}

/** The stored record, or null when there is none or it cannot be read (then it is refetched and overwritten). */
export function decodeTokenRecord(raw: string | null): TokenRecord | null {
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = stored.safeParse(json);
  if (!parsed.success) return null;
  const { access_token, expiresAt, fetchedAt } = parsed.data;
  return { token: new AccessToken(access_token), expiresAt, fetchedAt: fetchedAt ?? null };
}

/**
 * How close to expiry a token may get before it is refreshed: the configured margin,
 * but never more than half the token's lifetime. A token that lives less than twice
 * the margin (a shortened TTL in benchmarks, or a stable_token fetched near its end,
 * which WeChat hands back with as little as 300 s left) would otherwise be "due" the
 * moment it is cached, and every get() would call WeChat.
 */
export function refreshThresholdMs(record: TokenRecord, marginMs: number): number {
  if (record.fetchedAt === null) return marginMs;
  return Math.min(marginMs, Math.max(0, (record.expiresAt - record.fetchedAt) / 2));
}

/** Whether a cached token can be handed out without a refresh. */
export function isFresh(record: TokenRecord, now: number, marginMs: number): boolean {
  return record.expiresAt - now > refreshThresholdMs(record, marginMs);
}

/** The PX for the Redis key: time to expiry, so a dead token never lingers. 0 = do not store. */
export function recordTtlMs(expiresAt: number, now: number): number {
  return Math.max(0, Math.floor(expiresAt - now));
}

/** Whether `record` holds exactly the token a caller saw rejected. */
export function holdsToken(record: TokenRecord | null, token: AccessToken | null): boolean {
  return record !== null && token !== null && record.token.equals(token);
}
