/**
 * The one catalog of API error codes. Every 4xx/5xx the API sends is
 * `{ error: { code, message } }` with a code from this table, so callers branch on `code`
 * and show `message`; nothing else (stack, Redis reply, request body) is ever echoed.
 */
export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_ACCOUNT: 404,
  JOB_NOT_FOUND: 404,
  UNKNOWN_PLATFORM: 404,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  FORCE_REFRESH_REFUSED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  TOKEN_UNAVAILABLE: 502,
  /** A third-party-platform call WeChat refused or did not answer (the message says why). */
  WECHAT_REFUSED: 502,
  UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; requestId?: string };
}

export class ApiError extends Error {
  override readonly name = 'ApiError' as const;
  readonly statusCode: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Response headers the error needs, e.g. `WWW-Authenticate` on a 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.statusCode = API_ERROR_STATUS[code];
  }

  toBody(requestId?: string): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(requestId ? { requestId } : {}) } };
  }
}

export const badRequest = (reason: string) => new ApiError('BAD_REQUEST', reason);

export const unknownAccount = (accountId: string) =>
  new ApiError('UNKNOWN_ACCOUNT', `accountId: unknown account ${accountId}`);

export const jobNotFound = (jobId: string) => new ApiError('JOB_NOT_FOUND', `jobId: no job ${jobId}`);

/** The request id lets an operator find the logged error; the error itself stays in the log. */
export const internalError = (requestId: string) =>
  new ApiError('INTERNAL', `internal error; the server log has the details under request id ${requestId}`);

export const redisUnavailable = () =>
  new ApiError('UNAVAILABLE', 'redis: not reachable, the queue cannot be used; try again later');
