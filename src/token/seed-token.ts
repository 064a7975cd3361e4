import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { IssuedToken } from '../wechat/access-token.js';
import { encodeTokenRecord, recordTtlMs } from './token-cache-record.js';

/**
 * Puts a token WeChat handed out by another route into the cache, as a refresh would have
 * stored it. api_query_auth answers the account's first authorizer_access_token with the
 * grant: caching it saves an api_authorizer_token call and keeps one token per lifetime.
 */
export async function seedToken(
  redis: RedisClient,
  keys: RedisKeys,
  appId: string,
  issued: IssuedToken,
  now: number,
): Promise<void> {
  const ttl = recordTtlMs(issued.expiresAt, now);
  if (ttl <= 0) return;
  await redis.set(keys.token(appId), encodeTokenRecord(issued, now), 'PX', ttl);
}
