import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import { declareAccessRole } from '../../src/api/access-role.js';
import { boardGate } from '../../src/api/board-gate.js';
import { Sensitive } from '../../src/config/index.js';
import { type ApiHarness, createApiHarness } from '../helpers/api-harness.js';

const TOKEN = 'board-test-token-2c4e6a8b0d';
const BOARD_USER = 'ops';
const BOARD_PASSWORD = 'board-pass-c0ffee-1234';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Board paths: the page, client routes, a static asset, the JSON API, a 404 under the prefix. */
const BOARD_PATHS = [
  '/admin/queues',
  '/admin/queues/',
  '/admin/queues/queue/sync',
  '/admin/queues/static/favicon-32x32.png',
  '/admin/queues/api/queues',
  '/admin/queues/api/redis/stats',
  '/admin/queues/no-such-page',
];

describe('with BOARD_USER and BOARD_PASSWORD', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('api-board', {
      config: {
        host: '0.0.0.0',
        apiToken: new Sensitive(TOKEN),
        board: { user: BOARD_USER, password: new Sensitive(BOARD_PASSWORD) },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each(BOARD_PATHS)('board %s: 401 without credentials, 401 with wrong ones', async (url) => {
    const none = await h.app.inject({ method: 'GET', url });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="wechat-sync", charset="UTF-8"');
    for (const authorization of [
      basic(BOARD_USER, 'wrong'),
      basic('admin', BOARD_PASSWORD),
      basic(BOARD_USER, `${BOARD_PASSWORD}x`),
      `Bearer ${TOKEN}`,
    ]) {
      const res = await h.app.inject({ method: 'GET', url, headers: { authorization } });
      expect({ authorization, status: res.statusCode }).toEqual({ authorization, status: 401 });
    }
  });

  test('board with the right credentials: the page, its assets and its API', async () => {
    const headers = { authorization: basic(BOARD_USER, BOARD_PASSWORD) };
    const page = await h.app.inject({ method: 'GET', url: '/admin/queues', headers });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>wechat-sync</title>');
    expect(page.body).toMatch(/<base href="\/admin\/queues\/?"/);
    const asset = await h.app.inject({
      method: 'GET',
      url: '/admin/queues/static/favicon-32x32.png',
      headers,
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('image/png');
    const api = await h.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers });
    expect(api.statusCode).toBe(200);
    expect(api.json<{ queues: Array<{ name: string }> }>().queues.map((q) => q.name)).toEqual(['sync']);
  });

  test('board actions are refused without credentials and nothing happens', async () => {
    const res = await h.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/sync/pause' });
    expect(res.statusCode).toBe(401);
    expect(await h.queue.isPaused()).toBe(false);
  });

  test('the board password never reaches the log', () => {
    expect(h.log.lines.length).toBeGreaterThan(20);
    const all = h.log.lines.join('\n');
    expect(all).not.toContain(BOARD_PASSWORD);
    expect(all).not.toContain(Buffer.from(`${BOARD_USER}:${BOARD_PASSWORD}`).toString('base64'));
  });
});

describe('board without credentials on a loopback HOST', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('api-auth-loopback', { config: { host: '127.0.0.1', board: null } });
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])(
    'a local client (%s) gets the board',
    async (ip) => {
      const res = await h.app.inject({ method: 'GET', url: '/admin/queues', remoteAddress: ip });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<title>wechat-sync</title>');
    },
  );

  test.each(['10.1.2.3', '192.168.0.7', '2001:db8::1', '::ffff:10.0.0.1'])(
    'a remote client (%s) is 403 on every board path',
    async (ip) => {
      for (const url of BOARD_PATHS) {
        const res = await h.app.inject({ method: 'GET', url, remoteAddress: ip });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
      }
    },
  );

  test('a request relayed by a local reverse proxy is 403', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const res = await h.app.inject({
        method: 'GET',
        url: '/admin/queues',
        remoteAddress: '127.0.0.1',
        headers: { [header]: '203.0.113.5' },
      });
      expect({ header, status: res.statusCode }).toEqual({ header, status: 403 });
    }
  });

  test('the open access is announced at start', () => {
    const warnings = h.log
      .entries()
      .filter((e) => e.level === 40)
      .map((e) => e.msg);
    expect(warnings).toContain(
      'API_TOKEN is unset: the HTTP API is unauthenticated (allowed on loopback only)',
    );
    expect(warnings).toContain('BOARD_USER/BOARD_PASSWORD unset: Bull Board is served to local clients only');
  });
});

describe('board without credentials on a non-loopback HOST', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('api-auth-noboard', {
      config: { host: '0.0.0.0', apiToken: new Sensitive(TOKEN), board: null },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('is not served at all, not even to a local client', async () => {
    for (const url of BOARD_PATHS) {
      const res = await h.app.inject({ method: 'GET', url, remoteAddress: '127.0.0.1' });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
    }
    expect(h.app.hasRoute({ method: 'GET', url: '/admin/queues/api/queues' })).toBe(false);
  });
});

describe('operator and viewer roles (issue 17)', () => {
  const VIEWER = 'viewer';
  const VIEWER_PASSWORD = 'viewer-pass-0ff1ce-5678';
  const operator = { authorization: basic(BOARD_USER, BOARD_PASSWORD) };
  const viewer = { authorization: basic(VIEWER, VIEWER_PASSWORD) };
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('api-board-roles', {
      config: {
        host: '0.0.0.0',
        apiToken: new Sensitive(TOKEN),
        board: { user: BOARD_USER, password: new Sensitive(BOARD_PASSWORD) },
        boardViewer: { user: VIEWER, password: new Sensitive(VIEWER_PASSWORD) },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the viewer reads the read-only board (Bull Board readOnlyMode)', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/admin/view/queues', headers: viewer });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>wechat-sync (read-only)</title>');
    const api = await h.app.inject({ method: 'GET', url: '/admin/view/queues/api/queues', headers: viewer });
    expect(api.statusCode).toBe(200);
    const queues = api.json<{ queues: Array<{ name: string; readOnlyMode: boolean }> }>().queues;
    expect(queues.map((q) => [q.name, q.readOnlyMode])).toEqual([['sync', true]]);
  });

  test("the viewer is sent from the operator's pages to the read-only ones, and refused its API", async () => {
    const page = await h.app.inject({ method: 'GET', url: '/admin/queues/queue/sync', headers: viewer });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/admin/view/queues/queue/sync');
    const api = await h.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: viewer });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toEqual({
      error: { code: 'FORBIDDEN', message: 'board: the viewer role is read-only; use /admin/view/queues' },
    });
  });

  test('the viewer cannot add, pause or obliterate, on either board', async () => {
    const json = { ...viewer, 'content-type': 'application/json' };
    const attempts = [
      {
        method: 'POST' as const,
        url: '/admin/queues/api/queues/sync/add',
        headers: json,
        payload: { name: 'x', data: {} },
      },
      { method: 'PUT' as const, url: '/admin/queues/api/queues/sync/pause', headers: viewer },
      { method: 'PUT' as const, url: '/admin/queues/api/queues/sync/obliterate', headers: viewer },
      {
        method: 'POST' as const,
        url: '/admin/view/queues/api/queues/sync/add',
        headers: json,
        payload: { name: 'x', data: {} },
      },
      { method: 'PUT' as const, url: '/admin/view/queues/api/queues/sync/pause', headers: viewer },
      { method: 'PUT' as const, url: '/admin/view/queues/api/queues/sync/obliterate', headers: viewer },
    ];
    for (const attempt of attempts) {
      const res = await h.app.inject(attempt);
      expect({ url: attempt.url, status: res.statusCode }).toEqual({ url: attempt.url, status: 403 });
    }
    expect(await h.queue.isPaused()).toBe(false);
    expect(await h.queue.count()).toBe(0);
  });

  test('the operator has both boards and the actions', async () => {
    const view = await h.app.inject({
      method: 'GET',
      url: '/admin/view/queues/api/queues',
      headers: operator,
    });
    expect(view.statusCode).toBe(200);
    const pause = await h.app.inject({
      method: 'PUT',
      url: '/admin/queues/api/queues/sync/pause',
      headers: operator,
    });
    expect(pause.statusCode).toBe(200);
    expect(await h.queue.isPaused()).toBe(true);
    const resume = await h.app.inject({
      method: 'PUT',
      url: '/admin/queues/api/queues/sync/resume',
      headers: operator,
    });
    expect(resume.statusCode).toBe(200);
    expect(await h.queue.isPaused()).toBe(false);
  });

  test('wrong viewer credentials are 401 on both boards', async () => {
    for (const url of ['/admin/queues', '/admin/view/queues']) {
      const res = await h.app.inject({
        method: 'GET',
        url,
        headers: { authorization: basic(VIEWER, BOARD_PASSWORD) },
      });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 401 });
    }
  });

  test('the gate exposes the role as request.accessRole', async () => {
    const app = Fastify();
    declareAccessRole(app);
    await app.register(async (scope) => {
      scope.addHook(
        'onRequest',
        await boardGate(scope, {
          credentials: { user: BOARD_USER, password: new Sensitive(BOARD_PASSWORD) },
          viewerCredentials: { user: VIEWER, password: new Sensitive(VIEWER_PASSWORD) },
          hostIsLoopback: false,
        }),
      );
      scope.get('/role', async (request) => ({ role: request.accessRole }));
    });
    try {
      expect((await app.inject({ url: '/role', headers: operator })).json()).toEqual({ role: 'operator' });
      expect((await app.inject({ url: '/role', headers: viewer })).json()).toEqual({ role: 'viewer' });
    } finally {
      await app.close();
    }
  });
});
