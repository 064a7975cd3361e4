export {
  echoText,
  joinBounded,
  MAX_ECHOED,
  MAX_LISTED_ISSUES,
  MAX_LOGGED_STRING,
  truncateText,
} from './bound-text.js';
export { type CreateLoggerOptions, createLogger, type Logger, resolvePretty } from './create-logger.js';
export { isSecretKey, REDACT_PATHS, SECRET_KEYS } from './redact-paths.js';
export { REDACTED, SCRUB_PATTERNS, scrubString } from './scrub.js';
export { scrubValue } from './scrub-value.js';
export {
  DEFAULT_SECRET_CAPACITY,
  MIN_SECRET_LENGTH,
  type RememberOptions,
  rememberSecret,
  SecretRegistry,
  secrets,
} from './secret-registry.js';
export { serializeError } from './serialize-error.js';
