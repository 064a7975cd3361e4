import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../../src/cli/index.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';
import { makeAccount, testConfig } from '../helpers/test-config.js';

/* Issue 18, item 4: `schedules` says when a schedule spends more than WeChat's daily quota. */
const prefix = uniquePrefix('cli-schedules-quota');
const redis = createTestRedis();

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('wechat-sync schedules', () => {
  test('warns about an account whose schedule burns its 100 article-list calls a day', async () => {
    const every5 = {
      ...makeAccount({ accountId: 'gh_every5', appId: 'wx00000000000000f1', secret: 's-every5-123456' }),
    };
    every5.schedule = { kind: 'cron', pattern: '*/5 * * * *' };
    const hourly = {
      ...makeAccount({ accountId: 'gh_hourly', appId: 'wx00000000000000f2', secret: 's-hourly-123456' }),
    };
    hourly.schedule = { kind: 'every', everyMs: 3_600_000 };
    const config = testConfig({
      queuePrefix: prefix,
      wechatApiBase: 'http://127.0.0.1:1',
      accounts: [every5, hourly],
    });
    let stdout = '';
    let stderr = '';
    const code = await runCli(['node', 'wechat-sync', 'schedules'], {
      loadConfig: () => config,
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    expect(code).toBe(0);
    expect(stdout).toContain('no schedules');
    expect(stderr).toBe(
      'warning: account gh_every5: its schedule runs 288 times a day, but WeChat allows 100 freepublish/batchget calls a day (articles): the quota is spent after about 8.3 h and later syncs fail with 45009; schedule it at most every 15 minutes\n',
    );
  });
});
