import { type SecretRegistry, secrets } from './secret-registry.js';

export { rememberSecret } from './secret-registry.js';

export const REDACTED = '[redacted]';

/**
 * `access_token=…`, `secret=…`, `appsecret=…` (and any `…token=`, `…secret=`, `…password=`)
 * in URLs, form bodies and messages; `%3D` is the `=` of a URL nested in a query string.
 * The value ends where a URL parameter, quote, bracket or whitespace would end it.
 */
const KEY_VALUE = /((?:token|secret|password)(?:=|%3D))(?!\[redacted\])[^&#\s"'`\\<>,;)\]}]+/gi;

/** `"access_token":"…"`, `"appSecret": "…"` in JSON-ish text, also when itself escaped inside JSON. */
const JSON_FIELD = /(\\?"[A-Za-z_]*(?:token|secret|password)\\?"\s*:\s*\\?")(?!\[redacted\])[^"\\]+/gi;

/** RFC 6750 b64token after `Bearer`. */
const BEARER = /\b(Bearer\s+)(?!\[redacted\])[A-Za-z0-9\-._~+/]+=*/gi;

/** `Basic <base64>`: only when it decodes to `user:password`, so prose such as "Basic setup" survives. */
const BASIC = /\b(Basic\s+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;

/**
 * `redis://user:password@host`: the password part of a URL's userinfo. Quotes and
 * backslashes end it, so applied to a serialized JSON line it never eats a string's end.
 */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'\\]*:)(?!\[redacted\]@)[^\s/?#@"'\\]+@/gi;

function scrubBasic(match: string, scheme: string, encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8').includes(':') ? `${scheme}${REDACTED}` : match;
}

/**
 * Removes credentials from any text: the patterns above, then every value remembered
 * with rememberSecret. Idempotent: `[redacted]` is never replaced again. Safe on a whole
 * serialized JSON line: no pattern consumes a quote or backslash, and `[redacted]` needs
 * no escaping.
 */
export function scrubString(text: string, registry: SecretRegistry = secrets): string {
  const scrubbed = text
    .replace(KEY_VALUE, `$1${REDACTED}`)
    .replace(JSON_FIELD, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(BASIC, scrubBasic)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
  return registry.replaceIn(scrubbed, REDACTED);
}
