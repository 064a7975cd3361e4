import { once } from 'node:events';
import { type IncomingMessage, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { type RunningApi, startApi } from '../../src/api/index.js';
import { Sensitive } from '../../src/config/index.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/index.js';
import { httpRequest } from '../helpers/http-request.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';
import { makeAccount, testConfig } from '../helpers/test-config.js';

const TOKEN = 'http-test-token-5e8b1d2c9a';
const prefix = uniquePrefix('api-http');
const log = captureLog('info');
const config = testConfig(
  {
    queuePrefix: prefix,
    wechatApiBase: 'http://127.0.0.1:9',
    accounts: [makeAccount({ accountId: 'acc-main', appId: 'wx0123456789abcdef', secret: 'not-used-here' })],
  },
  { apiToken: new Sensitive(TOKEN), board: { user: 'ops', password: new Sensitive('board-secret-9') } },
);
const auth = { authorization: `Bearer ${TOKEN}` };

let api: RunningApi;
let redis: Redis;
let queue: SyncQueue;

beforeAll(async () => {
  api = await startApi(config, log.logger);
  redis = createTestRedis();
  queue = createSyncQueue(redis, prefix);
});

afterAll(async () => {
  await api?.close();
  await queue.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('startApi over real HTTP', () => {
  test('listens on HOST with the real port and names the board URL', () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(api.boardUrl).toBe(`${api.url}/admin/queues`);
  });

  test('POST enqueues a job that another connection sees in Redis', async () => {
    const res = await httpRequest(`${api.url}/official-api/wechat/sync`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: 'acc-main' }),
    });
    expect(res.status).toBe(202);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const { jobId } = res.json<{ jobId: string }>();
    expect((await queue.getJob(jobId))?.data).toEqual({
      accountId: 'acc-main',
      force: false,
      trigger: 'api',
    });
  });

  test('a malformed body is refused by the real parser in the catalog shape', async () => {
    const res = await httpRequest(`${api.url}/official-api/wechat/sync`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"accountId":',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'body: malformed JSON' } });
  });

  test('the board answers a browser with credentials, and challenges one without', async () => {
    const anonymous = await httpRequest(api.boardUrl);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="wechat-sync"/);
    const basic = `Basic ${Buffer.from('ops:board-secret-9').toString('base64')}`;
    const page = await httpRequest(api.boardUrl, { headers: { authorization: basic } });
    expect(page.status).toBe(200);
    expect(page.text()).toContain('<title>wechat-sync</title>');
    const asset = await httpRequest(`${api.boardUrl}/static/favicon-32x32.png`, {
      headers: { authorization: basic },
    });
    expect(asset.status).toBe(200);
    expect(asset.body.subarray(1, 4).toString()).toBe('PNG');
  });
});

/** A POST whose body is held back until the server has taken the request (100-continue). */
function heldRequest(url: string): {
  accepted: Promise<void>;
  send: () => void;
  response: Promise<IncomingMessage>;
} {
  const body = JSON.stringify({ accountId: 'acc-main', force: true });
  const req = request(`${url}/official-api/wechat/sync`, {
    method: 'POST',
    agent: false,
    headers: {
      ...auth,
      'content-type': 'application/json',
      'content-length': body.length,
      expect: '100-continue',
    },
  });
  req.flushHeaders();
  return {
    accepted: once(req, 'continue').then(() => undefined),
    send: () => req.end(body),
    response: once(req, 'response').then(([res]) => res as IncomingMessage),
  };
}

describe('close()', () => {
  test('lets an in-flight request finish, then stops listening; a second close is harmless', async () => {
    const held = heldRequest(api.url);
    await held.accepted;
    const closing = api.close();
    held.send();
    const res = await held.response;
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({ deduplicated: false });
    await closing;
    await api.close();
    await expect(httpRequest(`${api.url}/healthz`)).rejects.toThrow('ECONNREFUSED');
  });
});
