import { inspect } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { RequestError, TimeoutError } from 'got';
import { classifyRequestError } from '../../src/wechat/classify-request-error.js';
import { CredentialsError, TransientError } from '../../src/wechat/errors/index.js';

const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const TOKEN = '86_tokenVALUEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_tokenVALUE';
const URL_WITH_SECRETS = `http://127.0.0.1:9/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=${SECRET}&access_token=${TOKEN}`;
const CTX = { appId: 'wx1234567890abcdef', endpoint: '/cgi-bin/token', redact: [SECRET, TOKEN] };
const CTX_DATA = { appId: CTX.appId, endpoint: CTX.endpoint };

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** got's RequestError keeps its options (with the URL) as an enumerable property. */
function gotError(message: string, code: string): RequestError {
  const options = { url: new URL(URL_WITH_SECRETS), method: 'GET' };
  return new RequestError(message, systemError(message, code), options as never);
}

function expectNoCredentials(err: unknown): void {
  const views = [String((err as Error).message), JSON.stringify(err), inspect(err, { depth: 10 })];
  for (const view of views) {
    expect(view).not.toContain(SECRET);
    expect(view).not.toContain(TOKEN);
  }
}

describe('classifyRequestError', () => {
  test('the raw got error really does carry the credentials (so the conversion matters)', () => {
    expect(inspect(gotError('read ECONNRESET', 'ECONNRESET'), { depth: 10 })).toContain(SECRET);
  });

  test.each([
    ['read ECONNRESET', 'ECONNRESET'],
    ['socket hang up', 'ECONNRESET'],
    ['connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'],
    ['write EPIPE', 'EPIPE'],
    ['getaddrinfo ENOTFOUND api.weixin.qq.com', 'ENOTFOUND'],
    ['The server aborted pending request', 'ERR_GOT_REQUEST_ERROR'],
  ])('got error "%s" → TransientError network', (message, code) => {
    const err = classifyRequestError(gotError(message, code), CTX);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ kind: 'network', errcode: null, rid: null, statusCode: null, ...CTX_DATA });
    expect(err.errmsg).toContain(message);
    expect(err.errmsg).toContain(code);
    expectNoCredentials(err);
  });

  test('got TimeoutError → TransientError timeout', () => {
    const cause = Object.assign(systemError("Timeout awaiting 'request' for 50ms", 'ETIMEDOUT'), {
      event: 'request',
    });
    const timeout = new TimeoutError(
      cause as never,
      {} as never,
      { url: new URL(URL_WITH_SECRETS) } as never,
    );
    const err = classifyRequestError(timeout, CTX);
    expect(err).toMatchObject({ kind: 'timeout', retry: 'backoff' });
    expect(err.errmsg).toBe("ETIMEDOUT: Timeout awaiting 'request' for 50ms");
    expectNoCredentials(err);
  });

  test('a bare socket-level ETIMEDOUT is a timeout too', () => {
    expect(
      classifyRequestError(systemError('connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT'), CTX),
    ).toMatchObject({
      kind: 'timeout',
    });
  });

  test('a message that quotes the URL loses its query string and any credential', () => {
    const err = classifyRequestError(gotError(`Request to ${URL_WITH_SECRETS} failed`, 'ECONNRESET'), CTX);
    expect(err.errmsg).toBe('ECONNRESET: Request to http://127.0.0.1:9/cgi-bin/token failed');
    expectNoCredentials(err);
  });

  test('a credential outside any URL is removed because it is listed in redact', () => {
    const err = classifyRequestError(systemError(`bad header value ${TOKEN}`, 'ERR_INVALID_CHAR'), CTX);
    expect(err.errmsg).toBe('ERR_INVALID_CHAR: bad header value [redacted]');
  });

  test('the original error is not kept as cause', () => {
    const original = gotError('read ECONNRESET', 'ECONNRESET');
    const err = classifyRequestError(original, CTX);
    expect(err).not.toBe(original);
    expect(err.cause).toBeUndefined();
    expect(Object.values(err)).not.toContain(original);
    expect(Object.keys(err)).not.toContain('options');
  });

  test('a WeChatError passes through unchanged', () => {
    const original = new CredentialsError({
      ...CTX_DATA,
      errcode: 40013,
      errmsg: 'invalid appid',
      rid: null,
      field: 'appId',
    });
    expect(classifyRequestError(original, CTX)).toBe(original);
  });

  test.each([
    ['a thrown string', 'boom'],
    ['undefined', undefined],
    ['an object without message', { weird: true }],
  ])('%s → TransientError network, never a crash', (_name, value) => {
    const err = classifyRequestError(value, CTX);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ kind: 'network' });
    expect(typeof err.errmsg).toBe('string');
  });

  test('a very long message is capped', () => {
    const err = classifyRequestError(systemError('x'.repeat(5000), 'ECONNRESET'), CTX);
    expect(err.errmsg.length).toBeLessThan(260);
  });
});
