import { hashFromFlatArray, holderFromHash, type LockHolder } from './lock-holder.js';

/** What the acquire script answered, decoded (see ACQUIRE_LUA for the wire shape). */
export type AcquireReply =
  | { acquired: true; fence: number }
  | { acquired: false; ttlMs: number; holder: LockHolder | null };

/** Decodes the acquire script's reply; throws on a shape the script cannot produce. */
export function parseAcquireReply(reply: unknown): AcquireReply {
  if (!Array.isArray(reply)) throw new TypeError(`Unexpected lock acquire reply: ${typeof reply}`);
  const [flag, value, holderFields] = reply as [unknown, unknown, unknown];
  if (flag === 1 && typeof value === 'number') return { acquired: true, fence: value };
  if (flag === 0 && typeof value === 'number' && Array.isArray(holderFields)) {
    return { acquired: false, ttlMs: value, holder: holderFromHash(hashFromFlatArray(holderFields)) };
  }
  throw new TypeError(`Unexpected lock acquire reply: ${JSON.stringify(reply)}`);
}
