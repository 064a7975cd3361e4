import {
  AuthorizationInvalidError,
  ComponentTicketError,
  CredentialsError,
  InvalidRequestError,
  IpConfirmationError,
  IpNotWhitelistedError,
  PermissionError,
  QuotaError,
  TokenInvalidError,
  TransientError,
  UnknownWeChatError,
  UnsupportedApiError,
  type WeChatError,
  type WeChatErrorData,
} from './errors/index.js';
import { describeBody, type ParsedBody, parseBody } from './parse-body.js';
import { parseRid } from './parse-rid.js';
import { parseWhitelistMessage } from './parse-whitelist-message.js';
import { nextChinaMidnight, nextMinute } from './quota-reset.js';
import { scrubText } from './scrub-url.js';

/** One HTTP answer from WeChat (or from whatever stood in its place). */
export interface AnswerInput {
  appId: string;
  /** Path without query string, e.g. `/cgi-bin/stable_token`. */
  endpoint: string;
  statusCode: number;
  contentType?: string;
  body: string;
  /** Epoch ms the answer arrived; quota errors compute `retryAt` from it. */
  now: number;
  /** The credentials of this call (secret, token). Never copied into an error, even if echoed. */
  redact?: readonly string[];
}

type ErrorFactory = (data: WeChatErrorData, now: number) => WeChatError;

/**
 * Every code of wechat-api.md ("IP whitelist", "Other codes"). Any other non-zero
 * errcode becomes an UnknownWeChatError (a few retries, then a diagnostic quoting it).
 */
const ERRCODE_GROUPS: ReadonlyArray<readonly [readonly number[], ErrorFactory]> = [
  // One fault, "this IP may not call", under three codes: one diagnostic, one fix.
  [[40164, 61004, 45035], (data) => ipNotWhitelisted(data)],
  [[89501, 89502, 89503, 89504, 89505, 89506, 89507], (data) => new IpConfirmationError(data)],
  [[40013], (data) => credentials(data, 'appId')],
  [[40125, 40243], (data) => credentials(data, 'appSecret')],
  [[45009], (data, now) => new QuotaError({ ...data, scope: 'daily', retryAt: nextChinaMidnight(now) })],
  [[45011], (data, now) => new QuotaError({ ...data, scope: 'minute', retryAt: nextMinute(now) })],
  [[40001, 40014, 42001], (data) => tokenRejected(data)],
  // 61007: the account did not grant the platform the permission set this API needs.
  [[48001, 48004, 50001, 50002, 61007], (data) => new PermissionError(data)],
  // Third-party platform: the account revoked (61023) or never gave (61003) its authorisation.
  [[61023, 61003], (data) => new AuthorizationInvalidError(data)],
  // The platform's component_verify_ticket expired / is invalid: a newer push fixes it.
  [[61005, 61006], (data) => new ComponentTicketError(data)],
  [[45106], (data) => new UnsupportedApiError(data)],
  // 53600 (an article_id WeChat does not know), 61500 / 61501 (a datacube date or range
  // it refuses), 61009 / 61010 (an authorisation code invalid, used or expired): the
  // request names something that is not there; retrying cannot help.
  [
    [40002, 40097, 41001, 41002, 41004, 44002, 47001, 53600, 61500, 61501, 61009, 61010],
    (data) => new InvalidRequestError(data),
  ],
  [[-1, -1000], (data) => new TransientError({ ...data, kind: 'busy' })],
];

const BY_ERRCODE = new Map<number, ErrorFactory>(
  ERRCODE_GROUPS.flatMap(([codes, make]) => codes.map((code) => [code, make] as const)),
);

/** The endpoint that issues a platform's component_access_token from its secret and ticket. */
const COMPONENT_TOKEN_ENDPOINT = '/cgi-bin/component/api_component_token';

/** The endpoints that issue tokens: there 40001 is WeChat's "wrong AppSecret", not a stale token. */
const TOKEN_ENDPOINTS = new Set(['/cgi-bin/token', '/cgi-bin/stable_token', COMPONENT_TOKEN_ENDPOINT]);

/** A gateway's throttling or timeout answer: worth a later retry, unlike other 4xx. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

/** Longest errmsg kept; WeChat's are short, a proxy's page is not and would bloat job data. */
const MAX_ERRMSG = 500;
/**
 * What is scrubbed before the cut to MAX_ERRMSG: enough that a credential starting inside
 * the kept part is still whole (tokens reach 512 characters, the answer schema allows
 * 2048), and bounded so a huge errmsg costs the scrubber's regexes nothing.
 */
const SCRUBBED_ERRMSG = MAX_ERRMSG + 2048;

/**
 * Maps a WeChat answer to its parsed JSON object (no errcode, or errcode 0) or throws the
 * error class that says what went wrong and whether a retry can help.
 *
 * WeChat answers errors with HTTP 200 and `{errcode, errmsg}`, and sends JSON under
 * `text/plain` too, so the content type only describes a bad body, never decides.
 */
export function classifyAnswer(input: AnswerInput): Record<string, unknown> {
  const { statusCode } = input;
  const parsed = parseBody(input.body);
  if (statusCode >= 500) throw httpStatusError(input, parsed);
  const success = statusCode >= 200 && statusCode < 300;
  if (parsed.ok) {
    const errcode = readErrcode(parsed.json.errcode);
    if (errcode === null) throw badResponse(input, 'errcode is not a number');
    if (errcode !== 0) throw errorForErrcode(input, errcode, parsed.json.errmsg);
    if (success) return parsed.json;
  } else if (success) {
    throw badResponse(input, describeBody(parsed, input));
  }
  throw unexpectedStatus(input, parsed);
}

function errorForErrcode(input: AnswerInput, errcode: number, rawErrmsg: unknown): WeChatError {
  const raw = typeof rawErrmsg === 'string' ? rawErrmsg.slice(0, SCRUBBED_ERRMSG) : '';
  const errmsg = scrubText(raw, input.redact).slice(0, MAX_ERRMSG);
  const data: WeChatErrorData = {
    errcode,
    errmsg,
    rid: parseRid(errmsg),
    appId: input.appId,
    endpoint: input.endpoint,
  };
  const make = BY_ERRCODE.get(errcode);
  return make ? make(data, input.now) : new UnknownWeChatError(data);
}

function ipNotWhitelisted(data: WeChatErrorData): IpNotWhitelistedError {
  const parsed = parseWhitelistMessage(data.errmsg);
  return new IpNotWhitelistedError({
    ...data,
    rid: parsed.rid ?? data.rid,
    ip: parsed.ip,
    ipv6: parsed.ipv6,
    hint: parsed.hint,
  });
}

/** 40001 from a token endpoint is its official "AppSecret wrong"; elsewhere the token was refused. */
function tokenRejected(data: WeChatErrorData): WeChatError {
  if (data.errcode === 40001 && TOKEN_ENDPOINTS.has(data.endpoint)) return credentials(data, 'appSecret');
  return new TokenInvalidError(data);
}

/** On api_component_token the rejected AppID / secret are the platform's, not an account's. */
function credentials(data: WeChatErrorData, field: 'appId' | 'appSecret'): CredentialsError {
  if (data.endpoint !== COMPONENT_TOKEN_ENDPOINT) return new CredentialsError({ ...data, field });
  return new CredentialsError({
    ...data,
    field: field === 'appId' ? 'componentAppId' : 'componentAppSecret',
  });
}

/** 0 for success (absent errcode), the code, or null when errcode is not an integer. */
function readErrcode(value: unknown): number | null {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  // Seen from proxies that re-serialise WeChat's answer; the number is still WeChat's.
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
}

function wireData(input: AnswerInput, errmsg: string): WeChatErrorData {
  return { errcode: null, errmsg, rid: null, appId: input.appId, endpoint: input.endpoint };
}

function badResponse(input: AnswerInput, problem: string): TransientError {
  const errmsg = `HTTP ${input.statusCode} answer unusable: ${problem}`;
  return new TransientError({
    ...wireData(input, errmsg),
    kind: 'bad-response',
    statusCode: input.statusCode,
  });
}

function httpStatusError(input: AnswerInput, parsed: ParsedBody): TransientError {
  const errmsg = `HTTP ${input.statusCode}: ${describeBody(parsed, input)}`;
  return new TransientError({
    ...wireData(input, errmsg),
    kind: 'http-status',
    statusCode: input.statusCode,
  });
}

/**
 * 3xx (redirects are not followed) and 4xx without a WeChat errcode: not WeChat speaking
 * but a gateway, or a WECHAT_API_BASE pointing at the wrong place (404). errcode stays
 * null because WeChat said nothing; UnknownWeChatError keeps the status in errmsg for the
 * operator, and its bounded retries cover a gateway that recovers. 408 and 429 are a
 * gateway's timeout and throttling, plainly transient.
 */
function unexpectedStatus(input: AnswerInput, parsed: ParsedBody): WeChatError {
  if (RETRYABLE_CLIENT_STATUSES.has(input.statusCode)) return httpStatusError(input, parsed);
  const errmsg = `HTTP ${input.statusCode}: ${describeBody(parsed, input)}`;
  return new UnknownWeChatError(wireData(input, errmsg));
}
