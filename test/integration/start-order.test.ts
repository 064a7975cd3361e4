import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { probeRedis } from '../../src/redis/probe-redis.js';
import { RedisUnreachableError } from '../../src/redis/redis-unreachable-error.js';
import { account, createConfigDir } from '../helpers/config-files.js';
import { runEntry } from '../helpers/entry-process.js';
import { unusedPort } from '../helpers/ports.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SilentServer } from '../helpers/silent-server.js';

/*
 * Start-up order (issue 18, items 3 and 5): every check before anything starts. A taken
 * PORT, a public HOST without API_TOKEN, or a Redis that accepts and never answers each
 * stop `npm start` (and the roles alone) with one line and their exit code, before a
 * worker, a schedule or a listener exists.
 */
const prefix = uniquePrefix('start-order');
const files = createConfigDir('start-order');
const accountsFile = files.write('accounts.json', [account(1, { schedule: { every: '15m' } })]);
const baseEnv = {
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: prefix,
  ACCOUNTS_FILE: accountsFile,
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'false',
};
let redis: Redis;
let silent: SilentServer;

async function keysUnderPrefix(): Promise<number> {
  return deleteKeysWithPrefix(redis, prefix);
}

beforeAll(async () => {
  redis = createTestRedis();
  silent = await SilentServer.start();
});

afterAll(async () => {
  await silent.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  files.remove();
});

describe('npm start (producers/start.ts): checks first, then starts', () => {
  let taken: Server;
  let takenPort: number;

  beforeAll(async () => {
    taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(async () => {
    taken.close();
    await once(taken, 'close');
  });

  test('a PORT already in use: one config line, exit 2, no worker, no schedules', async () => {
    const result = await runEntry('producers/start.ts', [], { ...baseEnv, PORT: String(takenPort) });
    expect(result.stderr).toBe(
      `config error: PORT: 127.0.0.1:${takenPort} is already in use: stop what listens there or choose another PORT\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // Nothing touched Redis: no scheduler, no worker key, no queue meta.
    expect(await keysUnderPrefix()).toBe(0);
  });

  test('HOST=0.0.0.0 without API_TOKEN: refused before anything starts, exit 2', async () => {
    const result = await runEntry('producers/start.ts', [], {
      ...baseEnv,
      HOST: '0.0.0.0',
      PORT: String(await unusedPort()),
    });
    expect(result.stderr).toBe(
      'config error: API_TOKEN: required when HOST (0.0.0.0) is not a loopback address\n',
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(await keysUnderPrefix()).toBe(0);
  });

  test('a Redis that accepts and never answers: one line naming the address, exit 4, bounded', async () => {
    const started = Date.now();
    const result = await runEntry('producers/start.ts', [], {
      ...baseEnv,
      REDIS_URL: `redis://127.0.0.1:${silent.port}`,
      REDIS_CONNECT_TIMEOUT_MS: '500',
      PORT: String(await unusedPort()),
    });
    expect(result.stderr).toBe(
      `error: cannot reach Redis at 127.0.0.1:${silent.port} (REDIS_URL): it accepted the connection but did not answer PING within 0.5 s (is it Redis, and is it paused or overloaded?)\n`,
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(silent.accepted).toBeGreaterThan(0);
    // The process itself starts in about a second under tsx; the wait is the 0.5 s timeout, not 150 s.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('the roles alone refuse a silent Redis the same way', () => {
  test.each([['workers/sync-worker.ts'], ['producers/scheduler.ts'], ['producers/api.ts']])(
    '%s: exit 4 with the address',
    async (entry) => {
      const result = await runEntry(entry, [], {
        ...baseEnv,
        REDIS_URL: `redis://127.0.0.1:${silent.port}`,
        REDIS_CONNECT_TIMEOUT_MS: '300',
        PORT: String(await unusedPort()),
      });
      expect(result.stderr).toContain(`error: cannot reach Redis at 127.0.0.1:${silent.port} (REDIS_URL)`);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.code).toBe(4);
    },
  );
});

describe('probeRedis', () => {
  test('answers for a real Redis', async () => {
    await expect(probeRedis({ redisUrl: TEST_REDIS_URL, redisClusterNodes: null }, 2000)).resolves.toBe(
      undefined,
    );
  });

  test('nothing listening: refused, naming host:port and never the password', async () => {
    const port = await unusedPort();
    const err = await probeRedis(
      { redisUrl: `redis://:hunter2-secret@127.0.0.1:${port}`, redisClusterNodes: null },
      2000,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnreachableError);
    expect(err).toMatchObject({ name: 'RedisUnreachableError', reason: 'refused', retryable: false });
    expect((err as Error).message).toBe(
      `cannot reach Redis at 127.0.0.1:${port} (REDIS_URL): connection refused (is redis-server running?)`,
    );
  });

  test('silent: gives up after the timeout', async () => {
    const started = Date.now();
    const err = await probeRedis(
      { redisUrl: `redis://127.0.0.1:${silent.port}`, redisClusterNodes: null },
      300,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'silent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
