import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WeChatCryptoError } from './crypto-error.js';

/*
 * WeChat's safe-mode (安全模式) message encryption, as documented and as
 * silenceper/wechat util/crypto.go does it: AES-256-CBC, key = base64 of the
 * 43-character EncodingAESKey + "=", IV = the key's first 16 bytes, PKCS#7 padded to a
 * multiple of 32 (not AES's 16, so Node's own padding is off and done here), plaintext =
 * 16 random bytes, 4-byte big-endian length, the message, the AppID. Shared by the push
 * route and, later, the third-party-platform mode (same scheme, the platform's AppID).
 */

const BLOCK = 32;
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;

/** The 32-byte AES key of an EncodingAESKey; rejects anything else (WeChat's -40004). */
export function aesKeyOf(encodingAESKey: string): Buffer {
  if (!ENCODING_AES_KEY.test(encodingAESKey))
    throw new WeChatCryptoError(-40004, 'EncodingAESKey must be 43 characters of A-Z a-z 0-9 + /');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new WeChatCryptoError(-40004, 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Encrypts one message for `appId`; `random16` only for known-answer tests. */
export function encryptMessage(
  key: Buffer,
  appId: string,
  message: string,
  random16: Buffer = randomBytes(16),
): string {
  if (random16.length !== 16) throw new RangeError('random prefix must be 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = pad(Buffer.concat([random16, length, body, Buffer.from(appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/**
 * Decrypts one Encrypt text and returns the message, after checking everything a forged
 * or damaged text could get wrong: the ciphertext's size, the padding (1..32), the
 * length field against the buffer, and the AppID inside against `appId`.
 */
export function decryptMessage(key: Buffer, appId: string, encrypted: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % BLOCK !== 0)
    throw new WeChatCryptoError(-40007, `ciphertext of ${data.length} bytes is not a multiple of ${BLOCK}`);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const n = plain[plain.length - 1] ?? 0;
  if (n < 1 || n > BLOCK) throw new WeChatCryptoError(-40007, 'bad padding');
  const unpadded = plain.subarray(0, plain.length - n);
  if (unpadded.length < 20) throw new WeChatCryptoError(-40007, 'plaintext too short');
  const length = unpadded.readUInt32BE(16);
  if (20 + length > unpadded.length) throw new WeChatCryptoError(-40007, 'length field past the end');
  const from = unpadded.subarray(20 + length).toString('utf8');
  if (from !== appId) throw new WeChatCryptoError(-40005, 'AppID inside the message is not this account');
  return unpadded.subarray(20, 20 + length).toString('utf8');
}
