/** Field names whose value is a credential wherever they appear in a logged object. */
export const SECRET_KEYS = [
  'appSecret',
  'secret',
  'access_token',
  'accessToken',
  'authorization',
  'password',
  'apiToken',
  'cookie',
  'x-api-token',
] as const;

/**
 * The endings that make a field name a credential's: `refresh_token`, `componentAppSecret`,
 * `component_verify_ticket`, `encodingAESKey`, `pushToken`. The same words (and the
 * header names) are what the final scrub of a serialized line looks for in a JSON field
 * (scrub.ts), so a field escapes neither guard by where it sits.
 */
export const SECRET_KEY_WORDS = ['token', 'secret', 'password', 'ticket', 'aeskey'] as const;

const SECRET_KEY_SET = new Set<string>(SECRET_KEYS.map((key) => key.toLowerCase()));

/**
 * Answers for the field names seen so far: a logged object has the same few dozen names
 * line after line. Bounded, since names can come from outside (job data): short names only,
 * and once full, new names are worked out each time.
 */
const known = new Map<string, boolean>();
const KNOWN_MAX = 10_000;

/** Whether a field of this name holds a credential, at any depth and in any letter case. */
export function isSecretKey(key: string): boolean {
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const lower = key.toLowerCase();
  const secret = SECRET_KEY_SET.has(lower) || SECRET_KEY_WORDS.some((word) => lower.endsWith(word));
  if (known.size < KNOWN_MAX && key.length <= 64) known.set(key, secret);
  return secret;
}
