import { createHash } from 'node:crypto';
import type { TokenClient } from '../../config/index.js';

/**
 * The configured clients by the SHA-256 of their credential. A bearer credential is
 * hashed once and looked up: the map compares digests, never the credential, so a
 * lookup's timing can only tell a caller about hashes it cannot invert (the same reason
 * SecretDigest hashes before comparing). Credentials themselves are never held.
 */
export class TokenClientRegistry {
  readonly #byDigest = new Map<string, TokenClient>();

  constructor(clients: readonly TokenClient[]) {
    for (const client of clients) this.#byDigest.set(client.credentialDigest.toString('hex'), client);
  }

  get size(): number {
    return this.#byDigest.size;
  }

  find(credential: string): TokenClient | null {
    return this.#byDigest.get(createHash('sha256').update(credential, 'utf8').digest('hex')) ?? null;
  }
}
