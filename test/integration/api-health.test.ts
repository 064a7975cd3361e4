import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRedisConnection } from '../../src/redis/connection.js';
import { type ApiHarness, createApiHarness } from '../helpers/api-harness.js';
import { unusedPort } from '../helpers/ports.js';

describe('healthz and readyz with Redis up', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('api-health-up');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('GET /healthz is 200 ok', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  test('GET /readyz is 200 ready', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  test('probes are not logged at info (a probe every few seconds would drown the log)', async () => {
    await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(h.log.entries().filter((e) => e.url === '/healthz')).toEqual([]);
  });

  test('a corrupt job in Redis is a 500 with a request id, and the error is logged under it', async () => {
    // BullMQ parses job data with JSON.parse: a hash written by something else breaks it.
    await h.redis.hset(`${h.prefix}:sync:corrupt-1`, {
      name: 'sync-account',
      data: '{not json',
      timestamp: '1',
    });
    const res = await h.app.inject({ method: 'GET', url: '/official-api/wechat/sync/corrupt-1' });
    expect(res.statusCode).toBe(500);
    const { error } = res.json<{ error: { code: string; message: string; requestId: string } }>();
    expect(error.code).toBe('INTERNAL');
    expect(error.requestId).toBe(res.headers['x-request-id']);
    expect(error.message).toBe(
      `internal error; the server log has the details under request id ${error.requestId}`,
    );
    expect(res.body).not.toMatch(/JSON|SyntaxError|at /);
    const logged = h.log.entries().find((e) => e.msg === 'request failed');
    expect(logged?.reqId).toBe(error.requestId);
    expect(JSON.stringify(logged?.err)).toMatch(/JSON/);
  });
});

describe('readyz and routes with Redis unreachable', () => {
  let h: ApiHarness;
  let dead: Redis;
  beforeAll(async () => {
    // The production role of the API's connection: fail fast, no offline queue.
    // disconnectTimeout: ioredis arms a timer to destroy a stream that is already gone when
    // disconnect() comes while it waits to reconnect; short, so jest is not kept waiting.
    dead = createRedisConnection(`redis://127.0.0.1:${await unusedPort()}`, 'producer', {
      disconnectTimeout: 10,
    });
    dead.on('error', () => {}); // connection refused, again and again: expected here
    h = await createApiHarness('api-health-down', { routesRedis: dead });
  });
  afterAll(async () => {
    await h?.close();
    dead?.disconnect();
  });

  test('GET /readyz is 503 unready with the reason', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unready',
      reason: expect.stringMatching(/^redis: connection is (connecting|reconnecting|connect)$/),
    });
  });

  test('GET /healthz stays 200: the process itself is alive', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  test('a route that needs Redis answers 503 UNAVAILABLE at once instead of hanging', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: '/official-api/wechat/accounts/acc-main/block' });
    expect(res.statusCode).toBe(503);
    const { error } = res.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('redis: not reachable, the queue cannot be used; try again later');
  });
});

describe('readyz when Redis accepts the connection but never answers', () => {
  let h: ApiHarness;
  let silent: Server;
  let client: Redis;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    // No ready check, so the client counts as ready once connected and PING is really sent.
    client = new Redis({
      port,
      host: '127.0.0.1',
      enableReadyCheck: false,
      disableClientInfo: true, // CLIENT SETINFO would wait for an answer before 'ready'
      maxRetriesPerRequest: 1,
    });
    client.on('error', () => {});
    await once(client, 'ready');
    h = await createApiHarness('api-health-silent', { routesRedis: client, readyTimeoutMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
    client?.disconnect();
    for (const socket of sockets) socket.destroy();
    silent.close();
    await once(silent, 'close');
  });

  test('GET /readyz is 503 after the PING timeout', async () => {
    const started = Date.now();
    const res = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unready', reason: 'redis: no answer to PING within 200 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
