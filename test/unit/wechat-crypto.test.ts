import { describe, expect, test } from '@jest/globals';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  pushSignature,
  verifyPushSignature,
  WeChatCryptoError,
} from '../../src/wechat-crypto/index.js';

const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx0123456789abcdef';
const MESSAGE =
  '<xml><ToUserName><![CDATA[gh_e4b07b2a992e6669]]></ToUserName><Event><![CDATA[subscribe]]></Event></xml>';

/*
 * Worked out by hand from the documented algorithm with an independent path (shell +
 * openssl, not Node): key = base64 -d of the EncodingAESKey + "=", IV = its first 16
 * bytes, plaintext = "0123456789abcdef" + 00000067 (103, the message length) + message
 * + AppID + 19 bytes of 0x13 (160 bytes, a multiple of 32), then
 *   openssl enc -aes-256-cbc -nopad -K $KEY -iv $IV -in plain.bin | base64 -w0
 */
const KEY_HEX = '69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051';
const KNOWN_CIPHERTEXT =
  'Q3stYC6hdFzMh9T8HCvyDEQXfsAOq3Pa7smZZKzCR04oEmt0DcQj5DcXPUPUCw78IY8SIKPYPvFmo3H41JCx4GXbVxqPizlf7+JYCsXuYXlTX3fNCtycz6KijX2Y0+io390i5D5sz3ZhDUHheyo3/NfBSoocl1vbra/8t859FJb0b3T3qkKqTQJDkhawWtHZX/e8jVtn9R3uN7v4SarX4A==';

describe('WeChat message crypto', () => {
  const key = aesKeyOf(ENCODING_AES_KEY);

  test('the key is the base64 of the EncodingAESKey plus "="', () => {
    expect(key.toString('hex')).toBe(KEY_HEX);
  });

  test('encrypting with a fixed random prefix gives the hand-computed ciphertext', () => {
    expect(encryptMessage(key, APP_ID, MESSAGE, Buffer.from('0123456789abcdef'))).toBe(KNOWN_CIPHERTEXT);
  });

  test('the hand-computed ciphertext decrypts to the message', () => {
    expect(decryptMessage(key, APP_ID, KNOWN_CIPHERTEXT)).toBe(MESSAGE);
  });

  test('round trip with a random prefix and non-ASCII text; two encryptions differ', () => {
    const text = '<xml><Content><![CDATA[你好，世界]]></Content></xml>';
    const a = encryptMessage(key, APP_ID, text);
    const b = encryptMessage(key, APP_ID, text);
    expect(a).not.toBe(b);
    expect(decryptMessage(key, APP_ID, a)).toBe(text);
  });

  test('a message for another AppID is refused with -40005', () => {
    const other = encryptMessage(key, 'wxffffffffffffffff', MESSAGE);
    expect(() => decryptMessage(key, APP_ID, other)).toThrow(
      expect.objectContaining({ name: 'WeChatCryptoError', code: -40005 }),
    );
  });

  test.each([
    ['empty', ''],
    ['not a multiple of 32 bytes', Buffer.alloc(48).toString('base64')],
    ['garbage of the right size (padding or length wrong)', Buffer.alloc(64, 7).toString('base64')],
  ])('a damaged ciphertext is refused: %s', (_name, text) => {
    expect(() => decryptMessage(key, APP_ID, text)).toThrow(WeChatCryptoError);
  });

  test('a different key does not open the message', () => {
    const other = aesKeyOf('ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut');
    expect(() => decryptMessage(other, APP_ID, KNOWN_CIPHERTEXT)).toThrow(WeChatCryptoError);
  });

  test.each([
    ['42 characters', ENCODING_AES_KEY.slice(1)],
    ['44 characters', `${ENCODING_AES_KEY}A`],
    ['a character outside base64', `${ENCODING_AES_KEY.slice(1)}!`],
  ])('a bad EncodingAESKey is refused with -40004: %s', (_name, value) => {
    expect(() => aesKeyOf(value)).toThrow(expect.objectContaining({ code: -40004 }));
  });
});

describe('push signatures', () => {
  // sha1("1409304348mytokenxxxxxx") computed with: printf … | LC_ALL=C sort | tr -d '\n' | sha1sum
  const KNOWN = '48062c83b0a00f9fdf280a85313c7376cf2b0f1b';

  test('sha1 of the sorted parts, as computed with sha1sum', () => {
    expect(pushSignature(['mytoken', '1409304348', 'xxxxxx'])).toBe(KNOWN);
  });

  test('verify accepts the signature in either case and refuses any other', () => {
    const parts = ['mytoken', '1409304348', 'xxxxxx'];
    expect(verifyPushSignature(parts, KNOWN)).toBe(true);
    expect(verifyPushSignature(parts, KNOWN.toUpperCase())).toBe(true);
    expect(verifyPushSignature(parts, `${KNOWN.slice(0, -1)}0`)).toBe(false);
    expect(verifyPushSignature(parts, KNOWN.slice(0, -1))).toBe(false);
    expect(verifyPushSignature(parts, '')).toBe(false);
    expect(verifyPushSignature(['othertoken', '1409304348', 'xxxxxx'], KNOWN)).toBe(false);
  });
});
