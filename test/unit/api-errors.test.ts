import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../src/api/api-errors.js';
import { toApiError } from '../../src/api/to-api-error.js';

const limits = { bodyLimit: 16_384, maxParamLength: 256 };
const fastifyError = (code: string, statusCode: number) =>
  Object.assign(new Error('fastify text'), { code, statusCode });

describe('toApiError', () => {
  test.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 400, 'BAD_REQUEST', 'body: malformed JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 400, 'BAD_REQUEST', 'body: empty, expected a JSON object'],
    [
      'FST_ERR_CTP_BODY_TOO_LARGE',
      413,
      413,
      'PAYLOAD_TOO_LARGE',
      'body: larger than the limit of 16384 bytes',
    ],
    [
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      415,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'content-type: must be application/json',
    ],
    [
      'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      400,
      400,
      'BAD_REQUEST',
      'content-length: does not match the body',
    ],
    [
      'FST_ERR_MAX_PARAM_LENGTH',
      400,
      400,
      'BAD_REQUEST',
      'url: a path parameter is longer than 256 characters',
    ],
    ['FST_ERR_BAD_URL', 400, 400, 'BAD_REQUEST', 'url: malformed percent-encoding'],
  ])('%s → %s %s', (code, status, expectedStatus, expectedCode, message) => {
    const mapped = toApiError(fastifyError(code, status), limits);
    expect(mapped).toBeInstanceOf(ApiError);
    expect({ status: mapped?.statusCode, code: mapped?.code, message: mapped?.message }).toEqual({
      status: expectedStatus,
      code: expectedCode,
      message,
    });
  });

  test('an ApiError passes through unchanged', () => {
    const error = new ApiError('UNKNOWN_ACCOUNT', 'accountId: unknown account x');
    expect(toApiError(error, limits)).toBe(error);
  });

  test("another client error keeps a catalog status but not Fastify's text", () => {
    const mapped = toApiError(fastifyError('FST_ERR_SOMETHING_NEW', 404), limits);
    expect(mapped?.toBody()).toEqual({
      error: { code: 'NOT_FOUND', message: 'request refused (FST_ERR_SOMETHING_NEW)' },
    });
    const teapot = toApiError(fastifyError('FST_ERR_TEAPOT', 418), limits);
    expect(teapot?.code).toBe('BAD_REQUEST');
  });

  test.each([
    ['a plain Error', new Error('boom')],
    ['a 5xx error', fastifyError('FST_ERR_X', 500)],
    ['a Redis-like error with a code', Object.assign(new Error('READONLY'), { code: 'READONLY' })],
    ['a string', 'boom'],
    ['null', null],
  ])('%s is a server fault (null)', (_name, err) => {
    expect(toApiError(err, limits)).toBeNull();
  });
});

describe('ApiError', () => {
  test('carries its status from the catalog, headers, and a body with an optional request id', () => {
    const error = new ApiError('UNAUTHORIZED', 'authorization: missing', { 'www-authenticate': 'Bearer' });
    expect(error.name).toBe('ApiError');
    expect(error.statusCode).toBe(401);
    expect(error.headers).toEqual({ 'www-authenticate': 'Bearer' });
    expect(error.toBody()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'authorization: missing' } });
    expect(error.toBody('r-1').error.requestId).toBe('r-1');
  });
});
