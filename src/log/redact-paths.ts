/** Field names whose value is a credential wherever they appear in a logged object. */
export const SECRET_KEYS = [
  'appSecret',
  'secret',
  'access_token',
  'accessToken',
  'authorization',
  'password',
  'apiToken',
] as const;

/** Request headers carrying credentials; Node lower-cases incoming names, got keeps the caller's. */
const HEADER_KEYS = ['authorization', 'Authorization', 'cookie', 'Cookie', 'x-api-token'] as const;

/**
 * pino redact paths (first line of defence). Wildcards match one level each, so every
 * key is listed at the top level and two levels down, where job data and request
 * objects nest it; headers go one level deeper (`x.req.headers.authorization`).
 * Wildcard paths are pino's slowest feature (measured: ~40-70 µs a line with these
 * against ~5 µs without); kept because they still hold when a child logger replaces
 * formatters.log, which bypasses the key check in scrub-value.ts.
 */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...HEADER_KEYS.flatMap((key) => [`headers["${key}"]`, `*.headers["${key}"]`, `*.*.headers["${key}"]`]),
];

const SECRET_KEY_SET = new Set<string>([...SECRET_KEYS, ...HEADER_KEYS].map((key) => key.toLowerCase()));

/** Whether a field of this name holds a credential, at any depth and in any letter case. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_SET.has(key.toLowerCase());
}
