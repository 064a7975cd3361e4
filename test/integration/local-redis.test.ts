import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ensureLocalRedis } from '../../src/redis/local-redis.js';
import { captureLog } from '../helpers/log-capture.js';
import { PrivateRedis } from '../helpers/private-redis.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { requireTool } from '../helpers/require-tool.js';
import { SilentServer } from '../helpers/silent-server.js';

/*
 * `npm start`'s own redis-server (issue 18, item 12): a start that finds the one a killed
 * run left behind reuses it and says so in a line; a Redis that is not ours is used
 * silently; something silent on the port is an error, never a second redis-server.
 */
requireTool('redis-server', 'apt-get install redis-server')('ensureLocalRedis', () => {
  let leftover: PrivateRedis;
  let silent: SilentServer;

  beforeAll(async () => {
    // The data dir npm start gives its redis-server is <dataDir>/redis: this one looks like it.
    leftover = await PrivateRedis.start({ subdir: 'redis' });
    silent = await SilentServer.start();
  });
  afterAll(async () => {
    await silent.close();
    await leftover.close();
  });

  test('a leftover redis-server of a previous run (same data dir): reused, with one warning line', async () => {
    const dataDir = leftover.dir;

    const log = captureLog('info');
    expect(await ensureLocalRedis(leftover.url, dataDir, log.logger, 2000)).toBeNull();
    const warnings = log.entries().filter((e) => e.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('reusing the redis-server a previous run started');
    expect(warnings[0]?.dir).toBe(join(dataDir, 'redis'));
  });

  test('a Redis that is not ours: used without a word', async () => {
    const log = captureLog('info');
    expect(await ensureLocalRedis(TEST_REDIS_URL, join(leftover.dir, 'other'), log.logger, 2000)).toBeNull();
    expect(log.lines).toEqual([]);
  });

  test('something silent on the port: an error naming it, no redis-server started', async () => {
    const log = captureLog('info');
    await expect(
      ensureLocalRedis(`redis://127.0.0.1:${silent.port}`, join(leftover.dir, 'x'), log.logger, 300),
    ).rejects.toMatchObject({ name: 'RedisUnreachableError', reason: 'silent' });
    expect(log.lines).toEqual([]);
  });
});
