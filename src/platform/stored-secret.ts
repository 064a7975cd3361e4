import { Sensitive } from '../config/sensitive.js';
import { rememberSecret } from '../log/secret-registry.js';

/**
 * A refresh token or ticket read from a store: wrapped, and remembered by the log scrubber
 * (evictable, like access tokens), so a line that ever quotes it prints `[redacted]`.
 */
export function storedSecret(value: string): Sensitive {
  rememberSecret(value);
  return new Sensitive(value);
}
