import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { operationsFrom, type RunningApi, startApi } from '../../src/api/index.js';
import { Sensitive } from '../../src/config/index.js';
import { createApiHarness } from '../helpers/api-harness.js';
import { type RawResponse, rawHttp, rawRequest } from '../helpers/raw-http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';

/*
 * Issue 17 item 3: in the default loopback mode (no API_TOKEN, no board credentials) a web
 * page the operator visits must not drive the API or Bull Board, through a DNS-rebound
 * hostname or a cross-site request. Over real sockets: Host is whatever the client sends.
 */
const ACCOUNT = { accountId: 'acc-guard-1', appId: 'wx00000000000000b1', secret: 'secret-guard-0123456789' };

let sys: TestSystem;
let api: RunningApi;
let port: number;

beforeAll(async () => {
  sys = await startTestSystem({ name: 'api-local-guard', accounts: [ACCOUNT], worker: false });
  api = await startApi(sys.config, sys.log.logger, { operations: operationsFrom(sys.services) });
  port = Number(new URL(api.url).port);
});

afterAll(async () => {
  await api?.close();
  await sys.close();
});

const errorOf = (res: RawResponse) => JSON.parse(res.body) as { error: { code: string; message: string } };
const json = { 'content-type': 'application/json' };

describe('loopback mode without credentials (issue 17)', () => {
  test.each(['127.0.0.1', 'localhost', '[::1]'])('Host %s with the served port is served', async (name) => {
    const res = await rawRequest(port, {
      path: '/official-api/wechat/locks',
      headers: { host: `${name}:${port}` },
    });
    expect(res.status).toBe(200);
  });

  test.each([
    '/official-api/wechat/locks',
    '/official-api/wechat/diagnosis',
    '/admin/queues',
    '/admin/queues/api/queues',
    '/metrics',
  ])('a DNS-rebound Host is refused on %s', async (path) => {
    const res = await rawRequest(port, { path, headers: { host: `rebind.evil.example:${port}` } });
    expect(res.status).toBe(403);
    expect(errorOf(res).error.message).toMatch(/^host: only a loopback name with port \d+/);
  });

  test('a loopback Host with another port is refused', async () => {
    const res = await rawRequest(port, {
      path: '/healthz',
      headers: { host: `127.0.0.1:${port === 1 ? 2 : 1}` },
    });
    expect(res.status).toBe(403);
  });

  test('a foreign Origin cannot enqueue, pause the board or clean locks', async () => {
    const origin = { origin: 'http://evil.example' };
    const sync = await rawRequest(port, {
      method: 'POST',
      path: '/official-api/wechat/sync',
      headers: { ...json, ...origin },
      body: JSON.stringify({ accountId: ACCOUNT.accountId }),
    });
    expect(sync.status).toBe(403);
    expect(errorOf(sync).error.message).toBe('origin: requests from another site are refused');
    const pause = await rawRequest(port, {
      method: 'PUT',
      path: '/admin/queues/api/queues/sync/pause',
      headers: origin,
    });
    expect(pause.status).toBe(403);
    const crossSite = await rawRequest(port, {
      method: 'POST',
      path: '/official-api/wechat/locks/cleanup',
      headers: { ...json, 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    expect(await sys.queue.count()).toBe(0);
    expect(await sys.queue.isPaused()).toBe(false);
  });

  test.each(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'])(
    'a plain form post (%s, no Origin) to locks/cleanup is 415',
    async (type) => {
      const res = await rawRequest(port, {
        method: 'POST',
        path: '/official-api/wechat/locks/cleanup',
        headers: { 'content-type': type, 'content-length': '0' },
      });
      expect(res.status).toBe(415);
      expect(errorOf(res).error.message).toBe('content-type: must be application/json');
    },
  );

  test('the same requests from this machine, same origin and as JSON, work', async () => {
    const sync = await rawRequest(port, {
      method: 'POST',
      path: '/official-api/wechat/sync',
      headers: { ...json, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ accountId: ACCOUNT.accountId }),
    });
    expect(sync.status).toBe(202);
    const cleanup = await rawRequest(port, {
      method: 'POST',
      path: '/official-api/wechat/locks/cleanup',
      headers: json,
      body: '{}',
    });
    expect(cleanup.status).toBe(200);
    const board = await rawRequest(port, {
      path: '/admin/queues/api/queues',
      headers: { host: `localhost:${port}` },
    });
    expect(board.status).toBe(200);
  });
});

describe('malformed HTTP gets the catalog shape (issue 17 item 7)', () => {
  test.each([
    ['a non-numeric Content-Length', 'content-length: abc'],
    ['two different Content-Lengths', 'content-length: 2\r\ncontent-length: 3'],
    ['Content-Length with chunked encoding', 'content-length: 2\r\ntransfer-encoding: chunked'],
  ])('%s', async (_name, lengthHeaders) => {
    const res = await rawHttp(
      port,
      `POST /official-api/wechat/sync HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n${lengthHeaders}\r\n\r\n{}`,
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(errorOf(res).error.code).toBe('BAD_REQUEST');
    expect(errorOf(res).error.message).toMatch(/^(content-length|request): /);
  });

  test('gzip on a plain body is 415', async () => {
    const res = await rawRequest(port, {
      method: 'POST',
      path: '/official-api/wechat/sync',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: JSON.stringify({ accountId: ACCOUNT.accountId }),
    });
    expect(res.status).toBe(415);
    expect(errorOf(res).error.message).toBe('content-encoding: compressed bodies are not accepted');
  });
});

describe('with API_TOKEN and board credentials the Host is not restricted', () => {
  test('a proxied request with a public Host is served after auth', async () => {
    const h = await createApiHarness('api-guard-creds', {
      config: {
        apiToken: new Sensitive('guard-test-token-0123456789'),
        board: { user: 'ops', password: new Sensitive('guard-board-password') },
      },
    });
    try {
      const res = await h.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { host: 'sync.example.com' },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('API_TOKEN set, no board credentials: only the board is held to the local rules', () => {
  test('the board, also under a percent-encoded path, refuses a rebound Host; the API does not', async () => {
    const h = await createApiHarness('api-guard-board-only', {
      config: { apiToken: new Sensitive('guard-test-token-0123456789') },
    });
    try {
      for (const url of ['/admin/queues/api/queues', '/admin/%71ueues/api/queues', '/admin/view/queues']) {
        const res = await h.app.inject({ method: 'GET', url, headers: { host: 'rebind.evil.example' } });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
      }
      const local = await h.app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
      expect(local.statusCode).toBe(200);
      const health = await h.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { host: 'sync.example.com' },
      });
      expect(health.statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});
