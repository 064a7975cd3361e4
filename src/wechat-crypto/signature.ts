import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's push signature: sha1 of the parts sorted as strings and joined. Used with
 * (token, timestamp, nonce) for `signature` and with the Encrypt text added for
 * `msg_signature` (wechat-api.md, "Pushes from WeChat").
 */
export function pushSignature(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/**
 * Whether `given` is the signature of `parts`. Compared with timingSafeEqual (every SDK
 * uses `!=`, which leaks how many leading characters matched); a wrong length is a plain
 * mismatch, decided without comparing.
 */
export function verifyPushSignature(parts: readonly string[], given: string): boolean {
  const expected = Buffer.from(pushSignature(parts), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
