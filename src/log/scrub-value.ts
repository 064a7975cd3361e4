import { truncateText } from './bound-text.js';
import { REDACTED, scrubString } from './scrub.js';
import { isSecretKey } from './secret-keys.js';
import { type SecretRegistry, secrets } from './secret-registry.js';
import { serializeError } from './serialize-error.js';

/** Deeper than pino's own depth limit (5) would print anyway; stops runaway structures. */
const MAX_DEPTH = 10;

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * A copy of `value` safe to log: fields named like credentials (secret-keys.ts) replaced
 * at any depth, strings scrubbed and cut to MAX_LOGGED_STRING, Errors serialized (serialize-error.ts),
 * objects with toJSON (Sensitive → `[redacted]`, Date, URL) replaced by its result, cycles
 * cut. The input is never modified: it may be a caller's live object.
 */
export function scrubValue(value: unknown, registry: SecretRegistry = secrets): unknown {
  // The objects above the current one: a cycle check that costs a few comparisons at the
  // depths logged objects have (MAX_DEPTH at most), where a WeakSet costs a hash per object.
  const path: object[] = [];
  const walk = (current: unknown): unknown => {
    // Scrubbed whole, then cut: a cut first could split a secret and leave its head unrecognised.
    if (typeof current === 'string') return truncateText(scrubString(current, registry));
    if (typeof current !== 'object' || current === null) return current;
    if (path.includes(current)) return '[Circular]';
    if (path.length > MAX_DEPTH) return '[Object]';
    path.push(current);
    try {
      return walkObject(current, walk);
    } finally {
      path.pop();
    }
  };
  return walk(value);
}

function walkObject(value: object, walk: (v: unknown) => unknown): unknown {
  if (value instanceof Error) return serializeError(value, walk);
  if (Array.isArray(value)) return value.map(walk);
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (hasToJson(value)) return walk(value.toJSON());
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    out[key] = field !== null && field !== undefined && isSecretKey(key) ? REDACTED : walk(field);
  }
  return out;
}
