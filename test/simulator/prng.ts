/**
 * A small seeded PRNG for generated data. Seeded data must be the same for the same
 * appId in every run (tests compare pages across restarts), which Math.random cannot
 * give; mulberry32 is tiny, fast and good enough for fake content, not for secrets.
 */
export type Rng = () => number;

// Bound once: under jest's vm-module contexts every lookup of a global such as `Math`
// or `String` is an intercepted property access, which made generating 120 000 openids
// 10× slower.
const { floor, imul, min } = Math;
const { fromCharCode } = String;

/** FNV-1a 32-bit hash of a string, used to turn an appId into a seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator of floats in [0, 1), deterministic for a seed. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A generator seeded from a string key, e.g. `wx123:articles`. */
export function seededRng(key: string): Rng {
  return mulberry32(hashString(key));
}

export function randomInt(rng: Rng, minInclusive: number, maxInclusive: number): number {
  return minInclusive + floor(rng() * (maxInclusive - minInclusive + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick() from an empty list');
  return item;
}

export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `prefix` followed by `length` characters drawn from `alphabet`. Built from char codes
 * in one go: concatenating char by char leaves V8 ropes that made 120 000 openids take
 * seconds.
 */
export function randomString(rng: Rng, length: number, alphabet: string = BASE64URL, prefix = ''): string {
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
  const end = prefix.length + length;
  if (alphabet.length === 64) {
    // One draw holds 32 random bits: five 6-bit characters, a fifth of the draws.
    for (let i = prefix.length; i < end; i += 5) {
      let bits = floor(rng() * 4_294_967_296);
      for (let j = i; j < min(i + 5, end); j++, bits >>>= 6) codes[j] = alphabet.charCodeAt(bits & 63);
    }
  } else {
    for (let i = prefix.length; i < end; i++) codes[i] = alphabet.charCodeAt(floor(rng() * alphabet.length));
  }
  return fromCharCode(...codes);
}
