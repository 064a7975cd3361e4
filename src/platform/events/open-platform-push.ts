import { z } from 'zod';
import type { Platform } from '../../config/index.js';
import { MAX_PUSH_SKEW_SEC } from '../../push/open-push.js';
import { PushRejection } from '../../push/push-rejection.js';
import { parsePushXml, type XmlNode } from '../../push/push-xml.js';
import {
  aesKeyOf,
  decryptMessage,
  verifyPushSignature,
  WeChatCryptoError,
} from '../../wechat-crypto/index.js';

const hex40 = z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be 40 hex characters');

/** The query WeChat signs a platform push with; every value bounded before it is hashed or logged. */
export const platformPushQuerySchema = z.looseObject({
  msg_signature: hex40,
  timestamp: z.string().regex(/^\d{1,12}$/, 'must be Unix seconds'),
  nonce: z.string().min(1).max(64),
  /** WeChat sends it too (over token, timestamp, nonce); checked when present. */
  signature: hex40.optional(),
  encrypt_type: z.literal('aes').optional(),
});
export type PlatformPushQuery = z.infer<typeof platformPushQuerySchema>;

/**
 * A platform push, verified and opened: the children of the inner `<xml>`. Platform
 * pushes are always encrypted (wechat-api.md, component mode): `msg_signature` over
 * (token, timestamp, nonce, Encrypt) with the platform's token, then AES with its
 * EncodingAESKey, and the AppID inside must be the component AppID. Throws PushRejection
 * naming the reason only (never the body, a signature or a key).
 */
export function openPlatformPush(
  query: PlatformPushQuery,
  body: string,
  platform: Platform,
  nowSec: number,
): Record<string, XmlNode | XmlNode[]> {
  const token = platform.token.reveal();
  const outer = parsePushXml(body);
  const encrypted = outer.Encrypt;
  if (typeof encrypted !== 'string' || encrypted === '')
    throw new PushRejection(400, 'platform push without <Encrypt>');
  if (!verifyPushSignature([token, query.timestamp, query.nonce, encrypted], query.msg_signature))
    throw new PushRejection(401, 'bad signature');
  if (
    query.signature !== undefined &&
    !verifyPushSignature([token, query.timestamp, query.nonce], query.signature)
  )
    throw new PushRejection(401, 'bad signature');
  if (Math.abs(nowSec - Number(query.timestamp)) > MAX_PUSH_SKEW_SEC)
    throw new PushRejection(400, `timestamp more than ${MAX_PUSH_SKEW_SEC} s from now (stale or replayed)`);
  if (typeof outer.AppId === 'string' && outer.AppId !== platform.componentAppId)
    throw new PushRejection(400, 'push for another component AppID');
  let inner: string;
  try {
    inner = decryptMessage(aesKeyOf(platform.encodingAESKey.reveal()), platform.componentAppId, encrypted);
  } catch (err) {
    if (err instanceof WeChatCryptoError) throw new PushRejection(400, `cannot open the push (${err.code})`);
    throw err;
  }
  return parsePushXml(inner);
}
