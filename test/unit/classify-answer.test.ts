import { describe, expect, test } from '@jest/globals';
import { type AnswerInput, classifyAnswer } from '../../src/wechat/classify-answer.js';
import {
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
  WeChatError,
} from '../../src/wechat/errors/index.js';

const RID = '69314eae-54edb1ba-15ae265a';
const SEED_40164 = `invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: ${RID}`;
const TOKEN = '86_tokenVALUEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_tokenVALUE';
const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
/** 2024-01-15 18:30:15.250 in China (UTC+8). */
const NOW = Date.UTC(2024, 0, 15, 10, 30, 15, 250);

function answer(overrides: Partial<AnswerInput>): AnswerInput {
  return {
    appId: 'wx1234567890abcdef',
    endpoint: '/cgi-bin/token',
    statusCode: 200,
    body: '{}',
    now: NOW,
    ...overrides,
  };
}

function wechat(errcode: number, errmsg: string): AnswerInput {
  return answer({ body: JSON.stringify({ errcode, errmsg }) });
}

/** Runs the classifier, fails the test if it did not throw, and returns what it threw. */
function thrown(input: AnswerInput): WeChatError {
  try {
    classifyAnswer(input);
  } catch (err) {
    expect(err).toBeInstanceOf(WeChatError);
    return err as WeChatError;
  }
  throw new Error(`classifyAnswer did not throw for ${input.body}`);
}

describe('classifyAnswer: success', () => {
  test('a body without errcode is returned parsed', () => {
    const body = { access_token: TOKEN, expires_in: 7200 };
    expect(classifyAnswer(answer({ body: JSON.stringify(body) }))).toEqual(body);
  });

  test('errcode 0 with errmsg ok is success', () => {
    const body = { errcode: 0, errmsg: 'ok', quota: { daily_limit: 1, used: 0, remain: 1 } };
    expect(classifyAnswer(answer({ body: JSON.stringify(body) }))).toEqual(body);
  });

  test('JSON under text/plain (as WeChat sends it) and with a BOM is still JSON', () => {
    const input = answer({ contentType: 'text/plain', body: '\uFEFF{"total":0,"count":0,"next_openid":""}' });
    expect(classifyAnswer(input)).toEqual({ total: 0, count: 0, next_openid: '' });
  });
});

describe('classifyAnswer: every errcode of wechat-api.md', () => {
  test.each([
    [40164, SEED_40164, IpNotWhitelistedError, 'never'],
    [
      61004,
      `access clientip is not registered requestIP: 1.2.3.4 rid: ${RID}`,
      IpNotWhitelistedError,
      'never',
    ],
    [
      45035,
      `access clientip is not registered, not in ip-white-list rid: ${RID}`,
      IpNotWhitelistedError,
      'never',
    ],
    [89501, `ip confirmation pending rid: ${RID}`, IpConfirmationError, 'never'],
    [89502, `this ip needs admin confirmation rid: ${RID}`, IpConfirmationError, 'never'],
    [89503, `needs admin confirmation rid: ${RID}`, IpConfirmationError, 'never'],
    [89504, `waiting for admin confirmation rid: ${RID}`, IpConfirmationError, 'never'],
    [89505, `waiting for admin confirmation rid: ${RID}`, IpConfirmationError, 'never'],
    [89506, `admin refused, retry after 24h rid: ${RID}`, IpConfirmationError, 'never'],
    [89507, `admin refused, retry after 1h rid: ${RID}`, IpConfirmationError, 'never'],
    [40013, `invalid appid rid: ${RID}`, CredentialsError, 'never'],
    [40125, `invalid appsecret rid: ${RID}`, CredentialsError, 'never'],
    [40243, `AppSecret已被冻结 rid: ${RID}`, CredentialsError, 'never'],
    // On a token endpoint 40001 is WeChat's "AppSecret wrong" (the endpoint here is /cgi-bin/token).
    [
      40001,
      `invalid credential, access_token is invalid or not latest rid: ${RID}`,
      CredentialsError,
      'never',
    ],
    [45009, `reach max api daily quota limit rid: ${RID}`, QuotaError, 'after'],
    [45011, `api minute-quota reach limit must slower retry next minute rid: ${RID}`, QuotaError, 'after'],
    [48001, `api unauthorized rid: ${RID}`, PermissionError, 'never'],
    [
      48004,
      `api forbidden for irregularities, more details at https://mmbizurl.cn/s/JtxxFh33r rid: ${RID}`,
      PermissionError,
      'never',
    ],
    [50001, `user unauthorized rid: ${RID}`, PermissionError, 'never'],
    [50002, `user limited rid: ${RID}`, PermissionError, 'never'],
    [45106, `This API has been unsupported rid: ${RID}`, UnsupportedApiError, 'never'],
    [-1, `system error rid: ${RID}`, TransientError, 'backoff'],
    [-1000, `system error rid: ${RID}`, TransientError, 'backoff'],
    // Our own request is wrong: a bug, never retried.
    [40002, `invalid grant_type rid: ${RID}`, InvalidRequestError, 'never'],
    [40097, `invalid args rid: ${RID}`, InvalidRequestError, 'never'],
    [41001, `access_token missing rid: ${RID}`, InvalidRequestError, 'never'],
    [41002, `appid missing rid: ${RID}`, InvalidRequestError, 'never'],
    [41004, `appsecret missing rid: ${RID}`, InvalidRequestError, 'never'],
    [44002, `empty post data rid: ${RID}`, InvalidRequestError, 'never'],
    [47001, `data format error rid: ${RID}`, InvalidRequestError, 'never'],
    [99999, `something new rid: ${RID}`, UnknownWeChatError, 'backoff'],
  ])('%i → %p', (errcode, errmsg, ErrorClass, retry) => {
    const err = thrown(wechat(errcode, errmsg));
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err).toMatchObject({
      errcode,
      errmsg,
      rid: RID,
      retry,
      appId: 'wx1234567890abcdef',
      endpoint: '/cgi-bin/token',
    });
  });

  test.each([
    [40001, `invalid credential, access_token is invalid or not latest rid: ${RID}`],
    [40014, `invalid access_token rid: ${RID}`],
    [42001, `access_token expired rid: ${RID}`],
  ])('%i on a data endpoint → TokenInvalidError (refresh and retry once)', (errcode, errmsg) => {
    const err = thrown(answer({ endpoint: '/cgi-bin/user/get', body: JSON.stringify({ errcode, errmsg }) }));
    expect(err).toBeInstanceOf(TokenInvalidError);
    expect(err).toMatchObject({ errcode, retry: 'refresh-token', rid: RID });
  });

  test.each(['/cgi-bin/token', '/cgi-bin/stable_token'])('40001 on %s names the appSecret', (endpoint) => {
    const body = JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' });
    expect(thrown(answer({ endpoint, body }))).toMatchObject({
      name: 'CredentialsError',
      field: 'appSecret',
    });
  });

  test.each([
    [`access clientip is not registered requestIP: 203.0.113.7 rid: ${RID}`, '203.0.113.7'],
    [`access clientip is not registered tips: requestIP: 203.0.113.7 rid: ${RID}`, '203.0.113.7'],
    [`access clientip is not registered, not in ip-white-list rid: ${RID}`, null],
  ])('61004 / 45035 parse the IP from %s', (errmsg, ip) => {
    const err = thrown(
      wechat(errmsg.includes('white-list') ? 45035 : 61004, errmsg),
    ) as IpNotWhitelistedError;
    expect(err).toMatchObject({ code: 'IP_NOT_WHITELISTED', ip, rid: RID });
  });

  test('an older 40164 keeps its hint', () => {
    const errmsg = 'invalid ip 1.92.157.200, not in whitelist hint: [G5bKDA04051504]';
    expect(thrown(wechat(40164, errmsg))).toMatchObject({
      ip: '1.92.157.200',
      hint: 'G5bKDA04051504',
      rid: null,
    });
  });

  test('40164 carries ip, ipv6 and rid of the seed message', () => {
    const err = thrown(wechat(40164, SEED_40164)) as IpNotWhitelistedError;
    expect(err).toMatchObject({
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
      rid: RID,
      code: 'IP_NOT_WHITELISTED',
    });
    expect(err.message).toContain('1.92.157.200');
  });

  test('40164 in an unknown shape still is IpNotWhitelistedError, with nulls', () => {
    const err = thrown(wechat(40164, 'ip blocked')) as IpNotWhitelistedError;
    expect(err).toBeInstanceOf(IpNotWhitelistedError);
    expect(err).toMatchObject({ ip: null, ipv6: null, rid: null, errmsg: 'ip blocked' });
  });

  test.each([
    [40013, 'appId'],
    [40125, 'appSecret'],
    [40243, 'appSecret'],
  ])('%i names the field %s', (errcode, field) => {
    expect(thrown(wechat(errcode, 'x'))).toMatchObject({ field });
  });

  test('-1 is TransientError kind busy without a status code', () => {
    expect(thrown(wechat(-1, 'system error'))).toMatchObject({ kind: 'busy', statusCode: null, errcode: -1 });
  });

  test('an errcode sent as a numeric string is honoured', () => {
    expect(thrown(answer({ body: '{"errcode":"40013","errmsg":"invalid appid"}' }))).toBeInstanceOf(
      CredentialsError,
    );
  });

  test('a missing errmsg becomes an empty string, never undefined', () => {
    expect(thrown(answer({ body: '{"errcode":48001}' }))).toMatchObject({ errmsg: '', rid: null });
  });
});

describe('classifyAnswer: quota retry times', () => {
  test('45009 waits for the next midnight in China (UTC+8)', () => {
    const err = thrown(wechat(45009, 'reach max api daily quota limit')) as QuotaError;
    expect(err.scope).toBe('daily');
    expect(new Date(err.retryAt).toISOString()).toBe('2024-01-15T16:00:00.000Z');
  });

  test('45009 just after midnight in China waits a whole day', () => {
    const err = thrown({ ...wechat(45009, 'x'), now: Date.UTC(2024, 0, 15, 16, 0, 0, 1) }) as QuotaError;
    expect(new Date(err.retryAt).toISOString()).toBe('2024-01-16T16:00:00.000Z');
  });

  test('45009 exactly at midnight in China waits for the next one, never "now"', () => {
    const err = thrown({ ...wechat(45009, 'x'), now: Date.UTC(2024, 0, 15, 16) }) as QuotaError;
    expect(new Date(err.retryAt).toISOString()).toBe('2024-01-16T16:00:00.000Z');
  });

  test('45011 waits for the start of the next minute', () => {
    const err = thrown(wechat(45011, 'api minute-quota reach limit')) as QuotaError;
    expect(err.scope).toBe('minute');
    expect(new Date(err.retryAt).toISOString()).toBe('2024-01-15T10:31:00.000Z');
  });
});

describe('classifyAnswer: HTTP status and unusable bodies', () => {
  test('HTTP 502 with a gateway page → TransientError http-status with the status', () => {
    const body = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    const err = thrown(answer({ statusCode: 502, contentType: 'text/html', body }));
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ kind: 'http-status', statusCode: 502, errcode: null, retry: 'backoff' });
    expect(err.errmsg).toContain('HTTP 502');
    expect(err.errmsg).toContain('502 Bad Gateway');
  });

  test('HTTP 503 wins even over a JSON errcode body', () => {
    const err = thrown(answer({ statusCode: 503, body: '{"errcode":40013,"errmsg":"invalid appid"}' }));
    expect(err).toMatchObject({ kind: 'http-status', statusCode: 503 });
  });

  test.each([
    ['an HTML page', 'text/html', '<!DOCTYPE html><html><body>error</body></html>', 'HTML'],
    [
      'truncated JSON',
      'application/json',
      '{"total_count":3,"item_count":3,"item":[{"article_id":"a',
      'truncated',
    ],
    ['an empty body', 'application/json', '', 'empty body'],
    ['only whitespace', undefined, ' \n ', 'empty body'],
    ['JSON null', 'application/json', 'null', 'not an object'],
    ['a JSON array', 'application/json', '[1,2]', 'not an object'],
    [
      'plain text',
      'text/plain',
      'Service Unavailable',
      'not JSON (content-type text/plain): Service Unavailable',
    ],
  ])('HTTP 200 with %s → TransientError bad-response', (_name, contentType, body, problem) => {
    const err = thrown(answer({ ...(contentType ? { contentType } : {}), body }));
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ kind: 'bad-response', statusCode: 200, errcode: null });
    expect(err.errmsg).toContain(problem);
  });

  test('an errcode that is not an integer → bad-response', () => {
    for (const body of ['{"errcode":"abc"}', '{"errcode":1.5}', '{"errcode":{}}']) {
      expect(thrown(answer({ body }))).toMatchObject({ kind: 'bad-response' });
    }
  });

  test('the excerpt of a long body is cut to about 100 characters', () => {
    const body = `<html>${'x'.repeat(5000)}</html>`;
    const err = thrown(answer({ contentType: 'text/html', body }));
    expect(err.errmsg).toContain('<html>xxx');
    expect(err.errmsg.length).toBeLessThan(200);
    expect(err.errmsg.endsWith('…')).toBe(true);
  });

  test('HTTP 404 without a WeChat errcode → UnknownWeChatError with errcode null and the status', () => {
    const err = thrown(answer({ statusCode: 404, contentType: 'text/plain', body: 'Not Found' }));
    expect(err).toBeInstanceOf(UnknownWeChatError);
    expect(err).toMatchObject({ errcode: null, rid: null });
    expect(err.errmsg).toBe('HTTP 404: not JSON (content-type text/plain): Not Found');
  });

  test('a 3xx (redirects are not followed) → UnknownWeChatError naming the status', () => {
    const err = thrown(answer({ statusCode: 302, body: '' }));
    expect(err).toBeInstanceOf(UnknownWeChatError);
    expect(err.errmsg).toContain('HTTP 302');
  });

  test('a 4xx with a JSON body but no errcode is not a success', () => {
    const err = thrown(answer({ statusCode: 400, body: '{"message":"bad request"}' }));
    expect(err).toBeInstanceOf(UnknownWeChatError);
    expect(err.errmsg).toContain('HTTP 400');
  });

  test.each([408, 429])('HTTP %i (gateway timeout/throttling) → TransientError http-status', (statusCode) => {
    expect(thrown(answer({ statusCode, body: 'slow down' }))).toMatchObject({
      kind: 'http-status',
      statusCode,
    });
  });

  test('a 4xx carrying a WeChat errcode is classified by the errcode', () => {
    const err = thrown(answer({ statusCode: 400, body: '{"errcode":40125,"errmsg":"invalid appsecret"}' }));
    expect(err).toBeInstanceOf(CredentialsError);
  });
});

describe('classifyAnswer: no credential reaches an error', () => {
  test('a truncated token answer is quoted with the token redacted', () => {
    const body = `{"access_token":"${TOKEN}","expires_in":72`;
    const err = thrown(answer({ body }));
    expect(err).toMatchObject({ kind: 'bad-response' });
    expect(err.errmsg).toContain('"access_token":"[redacted]"');
    for (const text of [err.message, err.errmsg, JSON.stringify(err), String(err.stack)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(0, 20));
    }
  });

  test('a token cut by the 100-character limit is still redacted whole', () => {
    const body = `${' '.repeat(60)}{"access_token":"${TOKEN}"`;
    const err = thrown(answer({ body }));
    expect(err.errmsg).not.toContain(TOKEN.slice(0, 10));
  });

  test('an errmsg echoing the secret or the token (listed in redact) is scrubbed', () => {
    const input = {
      ...wechat(40125, `invalid appsecret ${SECRET} for token ${TOKEN} rid: ${RID}`),
      redact: [SECRET, TOKEN],
    };
    const err = thrown(input);
    expect(err.errmsg).toBe(`invalid appsecret [redacted] for token [redacted] rid: ${RID}`);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });

  test('an HTML page quoting the request URL has its credentials removed', () => {
    const body = `<p>GET /cgi-bin/token?appid=wx1&secret=${SECRET} failed</p>`;
    const err = thrown(answer({ statusCode: 500, contentType: 'text/html', body }));
    expect(err.errmsg).toContain('secret=[redacted]');
    expect(err.errmsg).not.toContain(SECRET);
  });

  test('an enormous errmsg is capped', () => {
    const err = thrown(wechat(47001, 'x'.repeat(10_000)));
    expect(err.errmsg.length).toBe(500);
  });
});
