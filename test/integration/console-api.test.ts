import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AccountBlocks, AccountStatus } from '../../src/accounts/index.js';
import { buildApi } from '../../src/api/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createServices, type Services } from '../../src/runtime/services.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';
import { makeAccount, testConfig } from '../helpers/test-config.js';

/*
 * The console's gate, input checks and actions through inject() on a real app, real Redis
 * and a real queue (the browser test drives the same pages in chromium).
 */
const OPERATOR = { user: 'ops', password: new Sensitive('operator-password-1f3a') };
const VIEWER = { user: 'watch', password: new Sensitive('viewer-password-8c2e') };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const asOperator = { authorization: basic(OPERATOR.user, OPERATOR.password.reveal()) };
const asViewer = { authorization: basic(VIEWER.user, VIEWER.password.reveal()) };

describe('accounts console over HTTP', () => {
  const prefix = uniquePrefix('console-api');
  const accounts = Array.from({ length: 120 }, (_, i) =>
    makeAccount({ accountId: `acc_${i}`, appId: `wx${i.toString(16).padStart(16, '0')}`, secret: `s-${i}` }),
  );
  let redis: Redis;
  let queue: SyncQueue;
  let services: Services;
  let app: FastifyInstance;
  let open: FastifyInstance;

  async function build(overrides: {
    board: typeof OPERATOR | null;
    viewer: typeof VIEWER | null;
    host: string;
  }) {
    const keys = new RedisKeys(prefix);
    const built = await buildApi({
      config: {
        host: overrides.host,
        port: 0,
        apiToken: new Sensitive('api-token-0123456789abcdef'),
        board: overrides.board,
        boardViewer: overrides.viewer,
        consoleLang: 'auto',
        accounts,
      },
      queue,
      redis,
      blocks: new AccountBlocks(redis, keys),
      status: new AccountStatus(redis, keys),
      logger: captureLog('warn').logger,
      operations: { accounts, tokens: services.tokens, lock: services.lock, metrics: services.metrics },
    });
    await built.ready();
    return built;
  }

  beforeAll(async () => {
    redis = createTestRedis();
    queue = createSyncQueue(redis, prefix);
    services = createServices(
      testConfig({ queuePrefix: prefix, wechatApiBase: 'http://127.0.0.1:9', accounts }),
      captureLog('warn').logger,
    );
    app = await build({ board: OPERATOR, viewer: VIEWER, host: '127.0.0.1' });
    open = await build({ board: null, viewer: null, host: '0.0.0.0' });
    // Account 7 blocked after a whitelist refusal (as the worker records it), the rest never synced.
    const diagnostic: FailureDiagnostic = {
      code: 'IP_NOT_WHITELISTED',
      summary: 'WeChat refused account acc_7 because IP 1.92.157.200 is not in its API IP whitelist.',
      accountId: 'acc_7',
      appId: 'wx0000000000000007',
      errcode: 40164,
      errmsg: 'invalid ip 1.92.157.200, not in whitelist',
      ip: '1.92.157.200',
      ipv6: null,
      rid: null,
      endpoint: '/cgi-bin/stable_token',
      field: null,
      at: new Date().toISOString(),
      remedy: [],
      blockedUntil: null,
    };
    await new AccountStatus(redis, new RedisKeys(prefix)).recordFailure(
      'acc_7',
      'acc_7-x-000000',
      diagnostic,
    );
    await new AccountBlocks(redis, new RedisKeys(prefix)).block('acc_7', diagnostic, 60_000);
  });

  afterAll(async () => {
    await app?.close();
    await open?.close();
    await services?.close();
    await queue?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  test('with credentials configured, no credentials is 401 with a Basic challenge', async () => {
    const answer = await app.inject({ url: '/console' });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(
      (await app.inject({ url: '/console', headers: { authorization: basic('ops', 'nope') } })).statusCode,
    ).toBe(401);
  });

  test('without credentials on a non-loopback HOST the console is closed to everyone', async () => {
    const answer = await open.inject({ url: '/console' });
    expect(answer.statusCode).toBe(403);
    expect(answer.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  test('the list puts the blocked account first, in pages of 50, in the language the browser asks for', async () => {
    const answer = await app.inject({
      url: '/console',
      headers: { ...asViewer, 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    const rows = [...answer.body.matchAll(/data-account="([^"]+)" data-state="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual(['acc_7', 'blocked']);
    expect(answer.body).toContain('IP 白名单拦截：1.92.157.200');
    expect(answer.body).toContain('第 1 / 3 页');
  });

  test('bad query parameters are a 400 naming the parameter', async () => {
    const bad = await app.inject({ url: '/console?state=purple', headers: asViewer });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^state: /);
    const long = await app.inject({ url: `/console?q=${'a'.repeat(101)}`, headers: asViewer });
    expect(long.statusCode).toBe(400);
    expect((await app.inject({ url: '/console/accounts/nobody', headers: asViewer })).statusCode).toBe(404);
  });

  test('a viewer gets no forms and a 403 on every action; an operator acts only with the CSRF token', async () => {
    const viewerPage = await app.inject({ url: '/console/accounts/acc_7', headers: asViewer });
    expect(viewerPage.body).not.toContain('<form class="inline" method="post"');
    // The account's token mode, in the page's language.
    expect(viewerPage.body).toContain('<td id="mode">own AppSecret</td>');
    const zhPage = await app.inject({
      url: '/console/accounts/acc_7',
      headers: { ...asViewer, 'accept-language': 'zh-CN' },
    });
    expect(zhPage.body).toContain('<td id="mode">自有 AppSecret</td>');
    const refused = await app.inject({
      method: 'POST',
      url: '/console/accounts/acc_7/unblock',
      headers: asViewer,
    });
    expect(refused.statusCode).toBe(403);

    const page = await app.inject({ url: '/console/accounts/acc_7', headers: asOperator });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const cookie = (page.cookies as Array<{ name: string; value: string }>).find(
      (c) => c.name === 'console_csrf',
    );
    expect(token).toBeTruthy();
    const headers = { ...asOperator, cookie: `console_csrf=${cookie?.value}` };
    const withoutToken = await app.inject({
      method: 'POST',
      url: '/console/accounts/acc_7/unblock',
      headers,
      payload: {},
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(await redis.exists(new RedisKeys(prefix).block('acc_7'))).toBe(1);

    const lifted = await app.inject({
      method: 'POST',
      url: '/console/accounts/acc_7/unblock',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(lifted.statusCode).toBe(303);
    expect(lifted.headers.location).toBe('/console/accounts/acc_7?done=unblocked');
    expect(await redis.exists(new RedisKeys(prefix).block('acc_7'))).toBe(0);

    const synced = await app.inject({
      method: 'POST',
      url: '/console/accounts/acc_7/sync',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(synced.statusCode).toBe(303);
    const jobId = new URL(String(synced.headers.location), 'http://x').searchParams.get('job') as string;
    const job = await queue.getJob(jobId);
    expect(job?.data).toEqual({ accountId: 'acc_7', force: false, trigger: 'api' });
  });

  test('the page never carries a secret or a cached token', async () => {
    await redis.set(
      new RedisKeys(prefix).token('wx0000000000000007'),
      JSON.stringify({ access_token: 'TOKEN-SHOULD-NOT-SHOW-4e1d', expiresAt: Date.now() + 3_600_000 }),
    );
    const page = await app.inject({ url: '/console/accounts/acc_7', headers: asOperator });
    expect(page.body).not.toContain('TOKEN-SHOULD-NOT-SHOW-4e1d');
    expect(page.body).not.toContain('s-7');
    expect(page.body).not.toContain('—</td><th>');
    expect(page.body).toMatch(/in (59|60) minutes|in 1 hour/);
  });
});
