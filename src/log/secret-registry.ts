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

/**
 * Remembered secret values, found in any text in time linear in the text's length.
 * Every value is indexed by its first MIN_SECRET_LENGTH characters, so a scan makes one
 * map lookup per position instead of one substring search per secret (thousands of
 * tokens × every logged string). No maintained npm package does bounded multi-pattern
 * replacement without pulling in a dependency tree, and this is thirty lines.
 */
export class SecretRegistry {
  readonly capacity: number;
  readonly #permanent = new Set<string>();
  /** Insertion order is recency order: the first key is the least recently remembered. */
  readonly #recent = new Map<string, true>();
  readonly #byPrefix = new Map<string, Set<string>>();

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
    if (this.#byPrefix.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    let out = '';
    let copiedUpTo = 0;
    for (let i = 0; i <= text.length - MIN_SECRET_LENGTH; ) {
      const match = this.#longestAt(text, i);
      if (match === 0) {
        i += 1;
        continue;
      }
      out += text.slice(copiedUpTo, i) + replacement;
      i += match;
      copiedUpTo = i;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  #longestAt(text: string, at: number): number {
    const candidates = this.#byPrefix.get(text.slice(at, at + MIN_SECRET_LENGTH));
    let longest = 0;
    for (const value of candidates ?? []) {
      if (value.length > longest && text.startsWith(value, at)) longest = value.length;
    }
    return longest;
  }

  #index(value: string): void {
    const prefix = value.slice(0, MIN_SECRET_LENGTH);
    const bucket = this.#byPrefix.get(prefix);
    if (bucket) bucket.add(value);
    else this.#byPrefix.set(prefix, new Set([value]));
  }

  #unindex(value: string): void {
    const prefix = value.slice(0, MIN_SECRET_LENGTH);
    const bucket = this.#byPrefix.get(prefix);
    bucket?.delete(value);
    if (bucket?.size === 0) this.#byPrefix.delete(prefix);
  }
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
