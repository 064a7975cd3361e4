import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A configured secret (API token, board password) kept as its SHA-256 digest, compared
 * with what a caller presents in constant time. Both sides are hashed first because
 * `timingSafeEqual` needs equal lengths: comparing raw strings would either throw on a
 * length mismatch or need a length check that tells an attacker the secret's length,
 * and `===` returns at the first differing character, which leaks a matching prefix
 * through response times. Hashing gives two 32-byte values whatever was sent.
 */
export class SecretDigest {
  readonly #digest: Buffer;

  constructor(secret: string) {
    this.#digest = sha256(secret);
  }

  matches(presented: string): boolean {
    return timingSafeEqual(sha256(presented), this.#digest);
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
