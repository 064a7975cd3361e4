import { SECRET_KEY_WORDS } from './secret-keys.js';
import { type SecretRegistry, secrets } from './secret-registry.js';

export { rememberSecret } from './secret-registry.js';

export const REDACTED = '[redacted]';

/*
 * Every pattern here runs on every log line, including text an unauthenticated caller
 * chose (the request URL), so each must cost time linear in the text: a quantifier that
 * is followed by something the match still needs is bounded, and a pattern that could
 * start at many positions of one run of characters is anchored to the run's start
 * (test/unit/log-scrub-redos.test.ts times each one on adversarial input).
 */

/**
 * `access_token=…`, `secret=…`, `appsecret=…` (and any `…token=`, `…secret=`, `…password=`)
 * in URLs, form bodies and messages; `%3D` is the `=` of a URL nested in a query string.
 * The value ends where a URL parameter, quote, bracket or whitespace would end it.
 */
const KEY_VALUE = /((?:token|secret|password)(?:=|%3D))(?!\[redacted\])[^&#\s"'`\\<>,;)\]}]+/gi;

/**
 * `"access_token":"…"`, `"appSecret": "…"`, `"authorization":"…"` in JSON-ish text, also when
 * itself escaped inside JSON: any field whose name ends in a word of SECRET_KEY_WORDS, and
 * the credential headers. On a serialized log line this redacts by field name, at any
 * depth, whatever formatter a child logger uses.
 */
const JSON_FIELD = new RegExp(
  `(\\\\?"[A-Za-z_-]{0,64}(?:${SECRET_KEY_WORDS.join('|')}|authorization|cookie)\\\\?"\\s{0,16}:\\s{0,16}\\\\?")(?!\\[redacted\\])[^"\\\\]+`,
  'gi',
);

/** RFC 6750 b64token after `Bearer`. */
const BEARER = /\b(Bearer\s+)(?!\[redacted\])[A-Za-z0-9\-._~+/]+=*/gi;

/** `Basic <base64>`: only when it decodes to `user:password`, so prose such as "Basic setup" survives. */
const BASIC = /\b(Basic\s+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;

/**
 * `redis://user:password@host`: the password part of a URL's userinfo. Quotes and
 * backslashes end it, so applied to a serialized JSON line it never eats a string's end.
 * The match starts at `://` (after a scheme character) rather than at the scheme, and
 * user and password are bounded: a pattern starting at the scheme restarted at every `.`
 * of `a.a.a.…` and cost the square of its length.
 */
const URL_PASSWORD = /((?<=[a-z0-9+.-]):\/\/[^\s/?#@:"'\\]{0,256}:)(?!\[redacted\]@)[^\s/?#@"'\\]{1,256}@/gi;

/**
 * One linear pass that every match of the patterns above needs (each contains one of these
 * words, in any letter case): text without any is returned as it is, without running the
 * five patterns. Most log lines have none, so most lines cost this one scan.
 */
const CANDIDATE = new RegExp(`${SECRET_KEY_WORDS.join('|')}|authorization|cookie|bearer|basic|://`, 'i');

/** Each pattern by name, for the linear-time test. */
export const SCRUB_PATTERNS = { CANDIDATE, KEY_VALUE, JSON_FIELD, BEARER, BASIC, URL_PASSWORD } as const;

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
  const scrubbed = CANDIDATE.test(text)
    ? text
        .replace(KEY_VALUE, `$1${REDACTED}`)
        .replace(JSON_FIELD, `$1${REDACTED}`)
        .replace(BEARER, `$1${REDACTED}`)
        .replace(BASIC, scrubBasic)
        .replace(URL_PASSWORD, `$1${REDACTED}@`)
    : text;
  return registry.replaceIn(scrubbed, REDACTED);
}
