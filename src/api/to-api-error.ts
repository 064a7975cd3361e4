import { API_ERROR_STATUS, ApiError, type ApiErrorCode } from './api-errors.js';

/** The fields of a Fastify (or any HTTP-aware) error this mapping looks at. */
interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
}

/*
 * Fastify's own request errors, by code, phrased as `<field>: <reason>`. Fastify's texts
 * are replaced rather than passed on: some quote parts of the request, and callers
 * should get one vocabulary whatever layer refused them.
 */
/** The server's limits, quoted in the reasons. */
export interface RequestLimits {
  bodyLimit: number;
  maxParamLength: number;
}

function knownFastifyError(code: string, limits: RequestLimits): ApiError | null {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('BAD_REQUEST', 'body: malformed JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('BAD_REQUEST', 'body: empty, expected a JSON object');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', `body: larger than the limit of ${limits.bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'content-type: must be application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('BAD_REQUEST', 'content-length: does not match the body');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError(
        'BAD_REQUEST',
        `url: a path parameter is longer than ${limits.maxParamLength} characters`,
      );
    case 'FST_ERR_BAD_URL':
      return new ApiError('BAD_REQUEST', 'url: malformed percent-encoding');
    default:
      return null;
  }
}

function codeForStatus(status: number): ApiErrorCode | null {
  const match = (Object.keys(API_ERROR_STATUS) as ApiErrorCode[]).find(
    (code) => API_ERROR_STATUS[code] === status,
  );
  return match ?? null;
}

/**
 * Maps anything thrown in a request to a catalog error, or null when it is a server fault
 * (the caller logs it and answers a generic 500). Pure, so it is unit-tested directly.
 */
export function toApiError(err: unknown, limits: RequestLimits): ApiError | null {
  if (err instanceof ApiError) return err;
  if (typeof err !== 'object' || err === null) return null;
  const { code, statusCode } = err as ErrorLike;
  if (typeof code === 'string') {
    const known = knownFastifyError(code, limits);
    if (known) return known;
  }
  // Any other client error Fastify raises keeps its status; its text is not echoed.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const catalogCode = codeForStatus(statusCode) ?? 'BAD_REQUEST';
    return new ApiError(catalogCode, `request refused (${typeof code === 'string' ? code : statusCode})`);
  }
  return null;
}
