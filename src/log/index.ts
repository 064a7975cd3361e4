export {
  echoText,
  joinBounded,
  MAX_ECHOED,
  MAX_LISTED_ISSUES,
  MAX_LOGGED_STRING,
  truncateText,
} from './bound-text.js';
export { type CreateLoggerOptions, createLogger, type Logger, resolvePretty } from './create-logger.js';
export { REDACTED, SCRUB_PATTERNS, scrubString } from './scrub.js';
export { scrubValue } from './scrub-value.js';
export { isSecretKey, SECRET_KEY_WORDS, SECRET_KEYS } from './secret-keys.js';
export {
  DEFAULT_SECRET_CAPACITY,
  MIN_SECRET_LENGTH,
  type RememberOptions,
  rememberSecret,
  SecretRegistry,
  secrets,
} from './secret-registry.js';
export { serializeError } from './serialize-error.js';
