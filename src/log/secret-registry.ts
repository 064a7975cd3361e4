/**
 * Values shorter than this are not registered: a short password such as "admin" would
 * otherwise blank out every log line that mentions /admin/queues. Short values are
 * still covered by the redact paths and the key=value patterns.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * Tokens are remembered as they are issued, and a worker serving 10 000 accounts holds
 * about two live tokens each (old and new overlap for 5 minutes). Without a bound the
 * registry would grow by one token per app every two hours for the life of the process;
 * the oldest tokens are long expired and harmless by the time they fall out.
 */
export const DEFAULT_SECRET_CAPACITY = 20_000;

export interface RememberOptions {
  /** Never evicted: app secrets and API credentials live as long as the process. */
  permanent?: boolean;
}

/** Polynomial rolling hash over MIN_SECRET_LENGTH characters, in 32-bit integer arithmetic. */
const BASE = 31;
const BASE_POW = Array.from({ length: MIN_SECRET_LENGTH - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/**
 * 128 Ki slots per registry; with 20 000 values about one slot in seven is occupied. The
 * scan reads a bit per slot (16 KiB, which stays in the CPU's first-level cache); the
 * counts beside it (128 KiB) are touched only when values come and go.
 */
const FILTER_SLOTS = 1 << 17;
const FILTER_MASK = FILTER_SLOTS - 1;

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let k = 0; k < MIN_SECRET_LENGTH; k += 1)
    hash = (Math.imul(hash, BASE) + text.charCodeAt(start + k)) | 0;
  return hash;
}

/**
 * Remembered secret values, found in any text in time linear in the text's length
 * (Rabin-Karp): each value is indexed by a hash of its first MIN_SECRET_LENGTH
 * characters, and a scan rolls that hash along the text, so each position costs one
 * integer map lookup instead of one substring search per secret (thousands of tokens ×
 * every logged string). No maintained npm package does bounded multi-pattern
 * replacement without pulling in a dependency tree, and this is a few dozen lines.
 */
export class SecretRegistry {
  readonly capacity: number;
  readonly #permanent = new Set<string>();
  /** Insertion order is recency order: the first key is the least recently remembered. */
  readonly #recent = new Map<string, true>();
  readonly #byHash = new Map<number, Set<string>>();
  /**
   * How many indexed values fall in each slot of the hash's low bits: most positions of a
   * text are ruled out here without a map lookup. A slot that reaches 255 stays there
   * (rarely a needless lookup, never a missed secret).
   */
  readonly #slots = new Uint8Array(FILTER_SLOTS);
  /** One bit per slot: set while its count is above 0. */
  readonly #occupied = new Uint32Array(FILTER_SLOTS / 32);

  constructor(capacity = DEFAULT_SECRET_CAPACITY) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#permanent.size + this.#recent.size;
  }

  has(value: string): boolean {
    return this.#permanent.has(value) || this.#recent.has(value);
  }

  remember(value: string, options: RememberOptions = {}): void {
    if (value.length < MIN_SECRET_LENGTH || this.#permanent.has(value)) return;
    this.#recent.delete(value);
    if (options.permanent) this.#permanent.add(value);
    else this.#recent.set(value, true);
    this.#index(value);
    while (this.#recent.size > this.capacity) {
      const oldest = this.#recent.keys().next().value as string;
      this.#recent.delete(oldest);
      this.#unindex(oldest);
    }
  }

  /** Replaces every occurrence of every remembered value in `text`, longest match first. */
  replaceIn(text: string, replacement: string): string {
    if (this.#byHash.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    // The hot loop of every log line: the filter is read here, not through a method per position.
    const occupied = this.#occupied;
    const last = text.length - MIN_SECRET_LENGTH;
    let out = '';
    let copiedUpTo = 0;
    let at = 0;
    let hash = windowHash(text, 0);
    for (;;) {
      const slot = hash & FILTER_MASK;
      const match = (occupied[slot >>> 5]! & (1 << (slot & 31))) === 0 ? 0 : this.#longestAt(text, at, hash);
      if (match > 0) {
        out += text.slice(copiedUpTo, at) + replacement;
        at += match;
        copiedUpTo = at;
        if (at > last) break;
        hash = windowHash(text, at);
      } else {
        if (at >= last) break;
        hash =
          (Math.imul((hash - Math.imul(text.charCodeAt(at), BASE_POW)) | 0, BASE) +
            text.charCodeAt(at + MIN_SECRET_LENGTH)) |
          0;
        at += 1;
      }
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  #longestAt(text: string, at: number, hash: number): number {
    const candidates = this.#byHash.get(hash);
    if (candidates === undefined) return 0;
    let longest = 0;
    for (const value of candidates) {
      if (value.length > longest && text.startsWith(value, at)) longest = value.length;
    }
    return longest;
  }

  /**
   * A value is indexed as it is and, when JSON would escape it (a quote, a backslash, a
   * control character), as it appears inside a serialized line too: the final scrub of a
   * finished log line (create-logger.ts) then still finds it.
   */
  #index(value: string): void {
    for (const form of forms(value)) this.#indexForm(form);
  }

  #unindex(value: string): void {
    for (const form of forms(value)) this.#unindexForm(form);
  }

  #indexForm(value: string): void {
    const hash = windowHash(value, 0);
    const bucket = this.#byHash.get(hash);
    if (bucket) bucket.add(value);
    else this.#byHash.set(hash, new Set([value]));
    const slot = hash & FILTER_MASK;
    if ((this.#slots[slot] ?? 0) < 255) this.#slots[slot] = (this.#slots[slot] ?? 0) + 1;
    this.#occupied[slot >>> 5] = (this.#occupied[slot >>> 5] ?? 0) | (1 << (slot & 31));
  }

  #unindexForm(value: string): void {
    const hash = windowHash(value, 0);
    const bucket = this.#byHash.get(hash);
    bucket?.delete(value);
    if (bucket?.size === 0) this.#byHash.delete(hash);
    const slot = hash & FILTER_MASK;
    const count = this.#slots[slot] ?? 0;
    if (count > 0 && count < 255) this.#slots[slot] = count - 1;
    if (this.#slots[slot] === 0)
      this.#occupied[slot >>> 5] = (this.#occupied[slot >>> 5] ?? 0) & ~(1 << (slot & 31));
  }
}

/** The value, and its JSON-escaped form when that differs. */
function forms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped === value ? [value] : [value, escaped];
}

/** The process-wide registry the logger consults. */
export const secrets = new SecretRegistry();

/**
 * Makes `value` print as `[redacted]` wherever it appears in a logged string. Config
 * registers app secrets, API_TOKEN and BOARD_PASSWORD (permanent); the token cache
 * registers every token it issues (evicted oldest first past DEFAULT_SECRET_CAPACITY).
 */
export function rememberSecret(value: string, options: RememberOptions = {}): void {
  secrets.remember(value, options);
}
