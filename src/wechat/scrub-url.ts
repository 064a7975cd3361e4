/**
 * Removing credentials from strings that leave the client: URLs, got's error messages and
 * excerpts of WeChat bodies. WeChat puts `access_token` (data APIs) and `secret`
 * (/cgi-bin/token) in the query string, and token answers carry `"access_token":"…"`, so
 * any of these strings can hold a credential.
 */

import { REDACTED } from '../log/scrub.js';

/**
 * Parameter names whose values are credentials. The component_* / authorizer_* names are
 * those of WeChat's third-party platform APIs (src/wechat/component-api.ts): the platform
 * secret, its ticket, its token, an account's tokens, and the single-use auth code.
 */
const SECRET_NAMES = [
  'access_token',
  'secret',
  'appsecret',
  'component_access_token',
  'component_appsecret',
  'component_verify_ticket',
  'authorizer_access_token',
  'authorizer_refresh_token',
  'refresh_token',
  'authorization_code',
  'auth_code',
];

const NAMES = SECRET_NAMES.join('|');

/** `name=value` inside a URL query or fragment; the value ends at `&`, `#` or the end. */
const QUERY_PARAM = new RegExp(`([?&;])(${NAMES})=[^&#]*`, 'gi');

/**
 * `name=value` anywhere in free text (a URL inside a sentence, an HTML page). The value
 * also ends at whitespace, quotes and angle brackets, which cannot be part of a URL.
 */
const TEXT_PARAM = new RegExp(`(^|[?&;\\s"'(,/])(${NAMES})=[^&#\\s"'<>)]*`, 'gi');

/** `"name": "value"` in JSON, also when the body was cut off inside the value. */
const JSON_FIELD = new RegExp(`("(?:${NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"?`, 'gi');

/**
 * An absolute URL, to the next whitespace, quote or angle bracket. Nothing follows the
 * greedy run, so it never backtracks: a pattern that also required the `?` rescanned
 * `http://http://…` from every `http` and cost the square of the text's length.
 */
const URL_TOKEN = /\bhttps?:\/\/[^\s"'<>]*/gi;

/** Each pattern by name, for the linear-time test. */
export const URL_SCRUB_PATTERNS = { QUERY_PARAM, TEXT_PARAM, JSON_FIELD, URL_TOKEN } as const;

/** Replaces the values of credential query parameters with `[redacted]`; the rest of the URL stays. */
export function scrubUrl(url: string): string {
  return url.replace(QUERY_PARAM, `$1$2=${REDACTED}`);
}

/**
 * Scrubs free text: credential query parameters, JSON credential fields, and every exact
 * occurrence of a value in `known` (the secret or token of the call at hand, which catches
 * echoes in any format the patterns do not foresee).
 */
export function scrubText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const value of known) {
    // Short values could match innocent text; real secrets and tokens are 32+ characters.
    if (value.length >= 8) out = out.split(value).join(REDACTED);
  }
  return out.replace(TEXT_PARAM, `$1$2=${REDACTED}`).replace(JSON_FIELD, `$1"${REDACTED}"`);
}

/** Drops the query string of every absolute URL in `text` (got messages name the URL). */
export function stripUrlQueries(text: string): string {
  return text.replace(URL_TOKEN, stripQuery);
}

/** The URL without its query string; a fragment after it stays. */
function stripQuery(url: string): string {
  const query = url.indexOf('?');
  const fragment = url.indexOf('#');
  if (query < 0 || (fragment >= 0 && fragment < query)) return url;
  const end = url.indexOf('#', query);
  return url.slice(0, query) + (end < 0 ? '' : url.slice(end));
}
