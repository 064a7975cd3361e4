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
 */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...HEADER_KEYS.flatMap((key) => [`headers["${key}"]`, `*.headers["${key}"]`, `*.*.headers["${key}"]`]),
];
