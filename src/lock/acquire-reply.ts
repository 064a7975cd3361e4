import { hashFromFlatArray, holderFromHash, type LockHolder } from './lock-holder.js';

/** What the acquire script answered, decoded (see ACQUIRE_LUA for the wire shape). */
export type AcquireReply =
  | {
      acquired: true;
      fence: number;
      /** The string keys' values read under the new lock, in the order asked (null: no such key). */
      strings: (string | null)[];
      /** The hash keys' fields read under the new lock, in the order asked ({}: no such key). */
      hashes: Record<string, string>[];
    }
  | { acquired: false; ttlMs: number; holder: LockHolder | null }
  /** The guard key existed: the lock was not touched. Its value and remaining life (-1: no expiry). */
  | { acquired: false; guard: { value: string; ttlMs: number } };

/** Decodes the acquire script's reply; throws on a shape the script cannot produce. */
export function parseAcquireReply(reply: unknown): AcquireReply {
  if (!Array.isArray(reply)) throw new TypeError(`Unexpected lock acquire reply: ${typeof reply}`);
  const [flag, value, third, fourth] = reply as [unknown, unknown, unknown, unknown];
  if (flag === 1 && typeof value === 'number') {
    const strings = Array.isArray(third) ? third : [];
    const hashes = Array.isArray(fourth) ? fourth : [];
    return {
      acquired: true,
      fence: value,
      strings: strings.map((s) => (s === null ? null : String(s))),
      hashes: hashes.map((h) => hashFromFlatArray(Array.isArray(h) ? h : [])),
    };
  }
  if (flag === 0 && typeof value === 'number' && Array.isArray(third)) {
    return { acquired: false, ttlMs: value, holder: holderFromHash(hashFromFlatArray(third)) };
  }
  if (flag === 2 && typeof value === 'number' && typeof third === 'string') {
    return { acquired: false, guard: { value: third, ttlMs: value } };
  }
  throw new TypeError(`Unexpected lock acquire reply: ${JSON.stringify(reply)}`);
}
