import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { InjectOptions } from 'fastify';
import { buildApi } from '../../src/api/index.js';
import { ConfigError, Sensitive } from '../../src/config/index.js';
import { type ApiHarness, createApiHarness } from '../helpers/api-harness.js';

const TOKEN = 'api-token-7f3a9c1e5b2d4f60';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Every /official-api route, each with a request that is valid once authorized. */
const OFFICIAL_ROUTES: Array<{ name: string; request: InjectOptions; okStatus: number }> = [
  {
    name: 'POST /sync',
    request: { method: 'POST', url: '/official-api/wechat/sync', payload: { accountId: 'acc-main' } },
    okStatus: 202,
  },
  {
    name: 'GET /sync/:jobId',
    request: { method: 'GET', url: '/official-api/wechat/sync/no-such-job' },
    okStatus: 404,
  },
  {
    name: 'DELETE /accounts/:id/block',
    request: { method: 'DELETE', url: '/official-api/wechat/accounts/acc-main/block' },
    okStatus: 200,
  },
  { name: 'an unknown path', request: { method: 'GET', url: '/official-api/secret-admin' }, okStatus: 404 },
];

describe('with API_TOKEN', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('api-auth', { config: { host: '0.0.0.0', apiToken: new Sensitive(TOKEN) } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const call = (request: InjectOptions, authorization?: string) =>
    h.app.inject({
      ...request,
      headers: { ...request.headers, ...(authorization ? { authorization } : {}) },
    });

  describe.each(OFFICIAL_ROUTES)('$name', ({ request, okStatus }) => {
    test('without Authorization: 401 with a Bearer challenge', async () => {
      const res = await call(request);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="wechat-sync"');
      expect(res.json()).toEqual({
        error: {
          code: 'UNAUTHORIZED',
          message: 'authorization: missing; send Authorization: Bearer <API_TOKEN>',
        },
      });
    });

    test('with another scheme: 401 invalid_request', async () => {
      const res = await call(request, basic('x', TOKEN));
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="wechat-sync", error="invalid_request"');
    });

    test.each([
      ['a wrong token', `Bearer ${TOKEN.slice(0, -1)}x`],
      ['a prefix of the token', `Bearer ${TOKEN.slice(0, 8)}`],
      ['the token with a suffix', `Bearer ${TOKEN}0`],
      ['an empty token', 'Bearer '],
    ])('with %s: 401 invalid_token', async (_name, authorization) => {
      const res = await call(request, authorization);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="wechat-sync"/);
    });

    test('with the token: served', async () => {
      const res = await call(request, `Bearer ${TOKEN}`);
      expect(res.statusCode).toBe(okStatus);
    });
  });

  test('the scheme is case-insensitive (RFC 7235)', async () => {
    const res = await call(OFFICIAL_ROUTES[2]!.request, `bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
  });

  test('authorization comes before the body: a malformed or huge body from a stranger is 401', async () => {
    const url = '/official-api/wechat/sync';
    const headers = { 'content-type': 'application/json' };
    const malformed = await h.app.inject({ method: 'POST', url, headers, payload: '{oops' });
    const huge = await h.app.inject({ method: 'POST', url, headers, payload: `"${'x'.repeat(100_000)}"` });
    expect([malformed.statusCode, huge.statusCode]).toEqual([401, 401]);
  });

  test('probes need no token', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  test('the token never reaches the log', () => {
    expect(h.log.lines.length).toBeGreaterThan(20);
    expect(h.log.lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('configuration the API refuses', () => {
  test.each(['0.0.0.0', '::', '10.0.0.5', 'api.example.com'])(
    'no API_TOKEN on HOST %s: ConfigError naming API_TOKEN',
    async (host) => {
      const attempt = buildApi({
        config: { host, port: 8084, apiToken: null, board: null, accounts: [] },
        // Never reached: the check comes before anything is used.
        queue: undefined as never,
        redis: undefined as never,
        blocks: undefined as never,
        status: undefined as never,
        logger: undefined as never,
      });
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(
        `API_TOKEN: required when HOST (${host}) is not a loopback address`,
      );
    },
  );
});
