import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LightMyRequestResponse } from 'fastify';
import { BODY_LIMIT, MAX_PARAM_LENGTH } from '../../src/api/index.js';
import { type ApiHarness, createApiHarness } from '../helpers/api-harness.js';

const SYNC = '/official-api/wechat/sync';
const ID_RULE = 'must be 1-64 letters, digits, _ or -';
const JOB_ID_RULE = 'must be 1-128 letters, digits, _ or -';
let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness('api-validation');
});

afterAll(async () => {
  await h.close();
});

function expectError(res: LightMyRequestResponse, status: number, code: string, message: string): void {
  expect({ status: res.statusCode, body: res.json() }).toEqual({
    status,
    body: { error: { code, message } },
  });
}

function postRaw(payload: string, contentType = 'application/json') {
  return h.app.inject({ method: 'POST', url: SYNC, payload, headers: { 'content-type': contentType } });
}

describe('POST /official-api/wechat/sync refuses bad bodies with the reason', () => {
  test.each([
    ['missing accountId', {}, 'accountId: required'],
    ['accountId of the wrong type', { accountId: 42 }, 'accountId: must be a string'],
    ['force of the wrong type', { accountId: 'acc-main', force: 'yes' }, 'force: must be true or false'],
    ['an unknown field', { accountId: 'acc-main', forse: true }, 'forse: unknown field'],
    [
      'two problems at once',
      { accountId: 7, force: 1 },
      'accountId: must be a string; force: must be true or false',
    ],
    ['an array body', [{ accountId: 'acc-main' }], 'body: must be a JSON object'],
    ['a null body', null, 'body: must be a JSON object'],
    ['a string body', 'acc-main', 'body: must be a JSON object'],
    ['an empty accountId', { accountId: '' }, `accountId: ${ID_RULE}`],
    ['a path-like accountId', { accountId: '../../etc/passwd' }, `accountId: ${ID_RULE}`],
    ['a Redis-key-like accountId', { accountId: 'a:b' }, `accountId: ${ID_RULE}`],
    ['an SQL-like accountId', { accountId: "' OR 1=1 --" }, `accountId: ${ID_RULE}`],
    ['a glob accountId', { accountId: '*' }, `accountId: ${ID_RULE}`],
    ['a 65-character accountId', { accountId: 'a'.repeat(65) }, `accountId: ${ID_RULE}`],
  ])('%s', async (_name, body, message) => {
    const res = await postRaw(JSON.stringify(body));
    expectError(res, 400, 'BAD_REQUEST', message);
  });

  test.each([
    [
      'a __proto__ key',
      '{"__proto__":{"x":1},"accountId":"acc-main"}',
      'body: the key "__proto__" is refused',
    ],
    ['a constructor key', '{"constructor":{"prototype":{}}}', 'body: the key "constructor" is refused'],
    ['a duplicate key', '{"accountId":"acc-main","accountId":"acc-news"}', 'body: duplicate key "accountId"'],
  ])('%s is 400 naming it (issue 17)', async (_name, payload, message) => {
    expectError(await postRaw(payload), 400, 'BAD_REQUEST', message);
    expect(await h.queue.count()).toBe(0);
  });

  test('charset=utf-16 is 415 (issue 17)', async () => {
    const res = await postRaw('{"accountId":"acc-main"}', 'application/json; charset=utf-16');
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type: the charset of a JSON body must be utf-8');
  });

  test('malformed JSON is 400 without echoing the body', async () => {
    expectError(await postRaw('{"accountId": "acc-main",'), 400, 'BAD_REQUEST', 'body: malformed JSON');
  });

  test('an empty JSON body is 400', async () => {
    expectError(await postRaw(''), 400, 'BAD_REQUEST', 'body: empty, expected a JSON object');
  });

  test('no body and no content type is 415: without API_TOKEN a state change must be JSON (issue 17)', async () => {
    const res = await h.app.inject({ method: 'POST', url: SYNC });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type: must be application/json');
  });

  test.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'content type %s is 415',
    async (type) => {
      const res = await postRaw('accountId=acc-main', type);
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type: must be application/json');
    },
  );

  test('a body over the limit is 413 and nothing is enqueued', async () => {
    const before = await h.queue.count();
    const huge = JSON.stringify({ accountId: 'acc-main', pad: 'x'.repeat(BODY_LIMIT) });
    const res = await postRaw(huge);
    expectError(res, 413, 'PAYLOAD_TOO_LARGE', `body: larger than the limit of ${BODY_LIMIT} bytes`);
    expect(await h.queue.count()).toBe(before);
  });

  test('an unknown but well-formed account is 404', async () => {
    expectError(
      await postRaw(JSON.stringify({ accountId: 'acc-gone' })),
      404,
      'UNKNOWN_ACCOUNT',
      'accountId: unknown account acc-gone',
    );
  });
});

describe('path parameters are validated at the route', () => {
  test.each([
    ['..%2F..%2Fetc', 'a path'],
    ['a%3Ab', 'a colon'],
    ["'%20OR%201%3D1", 'SQL'],
    ['%2A', 'a glob'],
    ['x'.repeat(129), 'too long'],
  ])('GET /sync/%s (%s) is 400', async (id) => {
    const res = await h.app.inject({ method: 'GET', url: `${SYNC}/${id}` });
    expectError(res, 400, 'BAD_REQUEST', `jobId: ${JOB_ID_RULE}`);
  });

  test('a parameter longer than the router accepts is 400 in the same shape', async () => {
    const res = await h.app.inject({ method: 'GET', url: `${SYNC}/${'x'.repeat(MAX_PARAM_LENGTH + 1)}` });
    expectError(
      res,
      400,
      'BAD_REQUEST',
      `url: a path parameter is longer than ${MAX_PARAM_LENGTH} characters`,
    );
  });

  test.each([['..%2F..%2Fetc'], ['a%3Ab'], ["'%20OR%201%3D1"]])(
    'DELETE /accounts/%s/block is 400',
    async (id) => {
      const res = await h.app.inject({ method: 'DELETE', url: `/official-api/wechat/accounts/${id}/block` });
      expectError(res, 400, 'BAD_REQUEST', `accountId: ${ID_RULE}`);
    },
  );

  test('malformed percent-encoding is 400 in the same shape', async () => {
    const res = await h.app.inject({ method: 'GET', url: `${SYNC}/%zz` });
    expectError(res, 400, 'BAD_REQUEST', 'url: malformed percent-encoding');
  });
});

describe('unknown routes and methods', () => {
  test('an unknown path is 404 in the catalog shape', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/official-api/wechat/nothing-here' });
    expectError(res, 404, 'NOT_FOUND', 'route: no such route; check the method and path');
  });

  test('a wrong method is 404 too', async () => {
    const res = await h.app.inject({ method: 'PUT', url: SYNC, payload: {} });
    expectError(res, 404, 'NOT_FOUND', 'route: no such route; check the method and path');
  });
});

describe('after all of the above', () => {
  test('the app keeps serving: a good request is accepted', async () => {
    const res = await postRaw(JSON.stringify({ accountId: 'acc-main' }));
    expect(res.statusCode).toBe(202);
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  test('refusals are logged with their reason at info, never as errors', async () => {
    const entries = h.log.entries();
    expect(entries.some((e) => e.msg === 'request refused' && e.reason === 'body: malformed JSON')).toBe(
      true,
    );
    expect(entries.filter((e) => (e.level as number) >= 50)).toEqual([]);
  });
});
