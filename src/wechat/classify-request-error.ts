import { TransientError, type TransientKind, WeChatError } from './errors/index.js';
import { scrubText, stripUrlQueries } from './scrub-url.js';

export interface RequestErrorContext {
  appId: string;
  /** Path without query string. */
  endpoint: string;
  /** The credentials of this call (secret, token), removed from anything quoted. */
  redact?: readonly string[];
}

/** got's timeout class and the socket-level timeout codes. */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** Longest quoted message: a got message is one line; anything longer is not worth a job's failure text. */
const MAX_MESSAGE = 200;

/**
 * Converts whatever a request threw (a got RequestError, a socket error) into a
 * TransientError without keeping the original: got errors carry `options` with the full
 * URL, `secret=` and `access_token=` included, as an enumerable property, and
 * `util.inspect` prints their `cause`. Only the code and a scrubbed message survive.
 *
 * Timeouts become kind `timeout`; everything else (ECONNRESET, ECONNREFUSED, EPIPE,
 * `socket hang up`, DNS and TLS failures, read errors) becomes `network`. A request that
 * got no usable answer is retried with backoff whatever the cause, within the job's
 * bounded attempts; the code in errmsg tells an operator which it was.
 */
export function classifyRequestError(err: unknown, ctx: RequestErrorContext): WeChatError {
  if (err instanceof WeChatError) return err;
  const name = readString(err, 'name') ?? 'Error';
  const code = readString(err, 'code');
  const kind: TransientKind =
    name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code)) ? 'timeout' : 'network';
  const message = safeMessage(readString(err, 'message') ?? String(err), ctx.redact);
  const label = code && !message.includes(code) ? `${code}: ` : '';
  return new TransientError({
    errcode: null,
    errmsg: `${label}${message}`,
    rid: null,
    appId: ctx.appId,
    endpoint: ctx.endpoint,
    kind,
  });
}

function safeMessage(message: string, redact: readonly string[] | undefined): string {
  const clean = scrubText(stripUrlQueries(message), redact).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}
