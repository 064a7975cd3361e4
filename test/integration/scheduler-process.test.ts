import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { account, createConfigDir } from '../helpers/config-files.js';
import { EntryProcess } from '../helpers/entry-process.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('scheduler-proc');
const files = createConfigDir('scheduler-proc');
let redis: Redis;
let queue: SyncQueue;
let scheduler: EntryProcess;

const accountsFile = files.write('accounts.json', [
  account(1, { schedule: { every: '15m' } }),
  account(2, { schedule: { cron: '0 * * * *' } }),
]);

/** pino writes one JSON object per line; anything else (a stray print) is not a log line. */
function logged(msg: string, line: string): boolean {
  try {
    return (JSON.parse(line) as { msg?: string }).msg === msg;
  } catch {
    return false;
  }
}

async function schedulerIds(): Promise<string[]> {
  return (await queue.getJobSchedulers()).map((s) => s.key).sort();
}

beforeAll(() => {
  redis = createTestRedis();
  queue = createSyncQueue(redis, prefix);
  scheduler = new EntryProcess('producers/scheduler.ts', [], {
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    ACCOUNTS_FILE: accountsFile,
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
  });
});

afterAll(async () => {
  await scheduler.stop();
  await queue.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  files.remove();
});

describe('npm run scheduler (producers/scheduler.ts)', () => {
  test('reconciles the accounts file at start and keeps running', async () => {
    const report = JSON.parse(await scheduler.waitForLine((l) => logged('schedules reconciled', l)));
    expect(report.counts).toMatchObject({ created: 2, updated: 0, removed: 0, unchanged: 0, failed: 0 });
    await scheduler.waitForLine((l) => logged('scheduler running; SIGHUP reloads the accounts file', l));
    expect(await schedulerIds()).toEqual(['schedule-acct_1', 'schedule-acct_2']);
  });

  test('SIGHUP re-reads the accounts file and reconciles again', async () => {
    files.write('accounts.json', [
      account(1, { schedule: { every: '30m' } }),
      account(3, { schedule: { every: '1h' } }),
    ]);
    const from = scheduler.lineCount;
    scheduler.signal('SIGHUP');
    const report = JSON.parse(
      await scheduler.waitForLine((l) => logged('schedules reconciled', l), { from }),
    );
    expect(report.counts).toMatchObject({ created: 1, updated: 1, removed: 1, unchanged: 0 });
    expect(await schedulerIds()).toEqual(['schedule-acct_1', 'schedule-acct_3']);
    expect((await queue.getJobScheduler('schedule-acct_1'))?.every).toBe(30 * 60_000);
  });

  test('a broken file on SIGHUP is reported and the schedules stay as they were', async () => {
    files.write('accounts.json', '[{"accountId": "acct_1",');
    const from = scheduler.lineCount;
    scheduler.signal('SIGHUP');
    const line = await scheduler.waitForLine(
      (l) => logged('accounts not reloaded; the current schedules stay as they are', l),
      { from },
    );
    expect(JSON.parse(line).problem).toMatch(/^config error: accounts\.json: /);
    expect(await schedulerIds()).toEqual(['schedule-acct_1', 'schedule-acct_3']);
  });

  test('SIGTERM closes and exits 0', async () => {
    scheduler.signal('SIGTERM');
    expect(await scheduler.exited).toEqual({ code: 0, signal: null });
    expect(scheduler.stdout.split('\n').some((l) => logged('stopped', l))).toBe(true);
    expect(scheduler.stderr).toBe('');
  });
});
