import { type Rng, randomString } from './prng.js';

const HEX = '0123456789abcdef';
/** Characters seen in WeChat's older `hint: [...]` suffixes. */
const HINT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-!';

/**
 * A WeChat request id: three groups of 8 lowercase hex. The first group is the request
 * time in Unix seconds (hex), which is how operators match a rid to their own logs.
 */
export function makeRid(nowMs: number, rng: Rng = Math.random): string {
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  const head = seconds.toString(16).padStart(8, '0');
  return `${head}-${randomString(rng, 8, HEX)}-${randomString(rng, 8, HEX)}`;
}

/** An older-style hint, e.g. `hint: [G5bKDA04051504]`: 14 characters inside brackets. */
export function makeHint(rng: Rng = Math.random): string {
  return randomString(rng, 14, HINT_ALPHABET);
}
