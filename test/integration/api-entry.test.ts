import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { createSyncQueue, type SyncQueue } from '../../src/queue/index.js';
import { account, createConfigDir } from '../helpers/config-files.js';
import { EntryProcess, runEntry } from '../helpers/entry-process.js';
import { httpRequest } from '../helpers/http-request.js';
import { unusedPort } from '../helpers/ports.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const TOKEN = 'entry-test-token-4b7e0c93d1';
const prefix = uniquePrefix('api-entry');
const files = createConfigDir('api-entry');
const accountsFile = files.write('accounts.json', [account(1)]);
const baseEnv = {
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: prefix,
  ACCOUNTS_FILE: accountsFile,
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'false',
};
let redis: Redis;
let queue: SyncQueue;

function logged(line: string): { msg?: string; url?: string } {
  try {
    return JSON.parse(line) as { msg?: string; url?: string };
  } catch {
    return {};
  }
}

beforeAll(() => {
  redis = createTestRedis();
  queue = createSyncQueue(redis, prefix);
});

afterAll(async () => {
  await queue.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  files.remove();
});

describe('npm run api (producers/api.ts)', () => {
  test('refuses a non-loopback HOST without API_TOKEN: one config error line, exit 2', async () => {
    const result = await runEntry('producers/api.ts', [], { ...baseEnv, HOST: '0.0.0.0', PORT: '8084' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'config error: API_TOKEN: required when HOST (0.0.0.0) is not a loopback address\n',
    );
    expect(result.stdout).toBe('');
  });

  test('serves on HOST:PORT, logs both URLs, and exits 0 on SIGTERM', async () => {
    const port = await unusedPort();
    const api = new EntryProcess('producers/api.ts', [], {
      ...baseEnv,
      HOST: '127.0.0.1',
      PORT: String(port),
      API_TOKEN: TOKEN,
    });
    try {
      const line = await api.waitForLine((l) => logged(l).msg?.startsWith('API listening on') === true);
      const url = `http://127.0.0.1:${port}`;
      expect(logged(line).msg).toBe(`API listening on ${url}; Bull Board at ${url}/admin/queues`);

      const res = await httpRequest(`${url}/official-api/wechat/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: 'acct_1' }),
      });
      expect(res.status).toBe(202);
      const { jobId } = res.json<{ jobId: string }>();
      expect((await queue.getJob(jobId))?.data.trigger).toBe('api');

      const from = api.lineCount;
      api.signal('SIGTERM');
      await api.waitForLine((l) => logged(l).msg === 'API stopped', { from });
      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(api.stdout).not.toContain(TOKEN);
      expect(api.stderr).toBe('');
    } finally {
      await api.stop();
    }
  });
});
