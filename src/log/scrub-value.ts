import { truncateText } from './bound-text.js';
import { isSecretKey } from './redact-paths.js';
import { REDACTED, scrubString } from './scrub.js';
import { type SecretRegistry, secrets } from './secret-registry.js';
import { serializeError } from './serialize-error.js';

/** Deeper than pino's own depth limit (5) would print anyway; stops runaway structures. */
const MAX_DEPTH = 10;

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * A copy of `value` safe to log: fields named like credentials (redact-paths.ts) replaced
 * at any depth, strings scrubbed and cut to MAX_LOGGED_STRING, Errors serialized (serialize-error.ts),
 * objects with toJSON (Sensitive → `[redacted]`, Date, URL) replaced by its result, cycles
 * cut. The input is never modified: it may be a caller's live object.
 */
export function scrubValue(value: unknown, registry: SecretRegistry = secrets): unknown {
  const path = new WeakSet<object>();
  const walk = (current: unknown, depth: number): unknown => {
    // Scrubbed whole, then cut: a cut first could split a secret and leave its head unrecognised.
    if (typeof current === 'string') return truncateText(scrubString(current, registry));
    if (typeof current !== 'object' || current === null) return current;
    if (path.has(current)) return '[Circular]';
    if (depth > MAX_DEPTH) return '[Object]';
    path.add(current);
    try {
      return walkObject(current, (v) => walk(v, depth + 1));
    } finally {
      path.delete(current);
    }
  };
  return walk(value, 0);
}

function walkObject(value: object, walk: (v: unknown) => unknown): unknown {
  if (value instanceof Error) return serializeError(value, walk);
  if (Array.isArray(value)) return value.map(walk);
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (hasToJson(value)) return walk(value.toJSON());
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = field !== null && field !== undefined && isSecretKey(key) ? REDACTED : walk(field);
  }
  return out;
}
