import { z } from 'zod';
import type { PushSecrets } from '../config/index.js';
import { aesKeyOf, decryptMessage, verifyPushSignature, WeChatCryptoError } from '../wechat-crypto/index.js';
import { PushRejection } from './push-rejection.js';
import { parsePushXml, type XmlNode } from './push-xml.js';

/** How far WeChat's `timestamp` may be from our clock; older is treated as a replay. */
export const MAX_PUSH_SKEW_SEC = 300;

/** The query WeChat signs; every value bounded before it reaches a hash, a regex or a log. */
export const pushQuerySchema = z.looseObject({
  signature: z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be 40 hex characters'),
  timestamp: z.string().regex(/^\d{1,12}$/, 'must be Unix seconds'),
  nonce: z.string().min(1).max(64),
  echostr: z.string().min(1).max(256).optional(),
  encrypt_type: z.enum(['raw', 'aes']).optional(),
  msg_signature: z
    .string()
    .regex(/^[0-9a-fA-F]{40}$/, 'must be 40 hex characters')
    .optional(),
});
export type PushQuery = z.infer<typeof pushQuerySchema>;

/** Checks WeChat's signature of (token, timestamp, nonce) and the timestamp's age; throws PushRejection. */
export function checkSigned(query: PushQuery, secrets: PushSecrets, nowSec: number): void {
  if (!verifyPushSignature([secrets.token.reveal(), query.timestamp, query.nonce], query.signature))
    throw new PushRejection(401, 'bad signature');
  if (Math.abs(nowSec - Number(query.timestamp)) > MAX_PUSH_SKEW_SEC)
    throw new PushRejection(400, `timestamp more than ${MAX_PUSH_SKEW_SEC} s from now (stale or replayed)`);
}

/**
 * A POSTed push, verified and opened: the children of its (inner, in safe mode) `<xml>`.
 * Plain mode is checked with `signature`; safe and compatible mode (`encrypt_type=aes`)
 * also with `msg_signature` over the Encrypt text, then decrypted with the account's key,
 * which refuses a message for another AppID.
 */
export function openPush(
  query: PushQuery,
  body: string,
  secrets: PushSecrets,
  appId: string,
  nowSec: number,
): Record<string, XmlNode | XmlNode[]> {
  checkSigned(query, secrets, nowSec);
  const outer = parsePushXml(body);
  if (query.encrypt_type !== 'aes') return outer;
  if (secrets.encodingAESKey === undefined)
    throw new PushRejection(400, 'encrypted push, but the account has no push.encodingAESKey');
  const encrypted = outer.Encrypt;
  if (typeof encrypted !== 'string' || encrypted === '')
    throw new PushRejection(400, 'encrypted push without <Encrypt>');
  const parts = [secrets.token.reveal(), query.timestamp, query.nonce, encrypted];
  if (query.msg_signature === undefined || !verifyPushSignature(parts, query.msg_signature))
    throw new PushRejection(401, 'bad msg_signature');
  let inner: string;
  try {
    inner = decryptMessage(aesKeyOf(secrets.encodingAESKey.reveal()), appId, encrypted);
  } catch (err) {
    if (err instanceof WeChatCryptoError)
      throw new PushRejection(400, `cannot open the message (${err.code}): ${err.message}`);
    throw err;
  }
  return parsePushXml(inner);
}
