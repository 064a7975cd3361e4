import { afterAll, describe, expect, test } from '@jest/globals';
import { AccountBlocks, AccountStatus } from '../../src/accounts/index.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('account-status');
const redis = createTestRedis();
const keys = new RedisKeys(prefix);
const status = new AccountStatus(redis, keys);
const blocks = new AccountBlocks(redis, keys);

const refusal = {
  code: 'IP_NOT_WHITELISTED',
  accountId: 'acc-1',
  ip: '1.92.157.200',
  at: '2026-01-01T00:00:00.000Z',
} as unknown as FailureDiagnostic;

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('AccountStatus.recordSuccess and AccountBlocks.get', () => {
  test('an account never blocked: get answers null, a success records itself and lifts nothing', async () => {
    expect(await blocks.get('acc-0')).toBeNull();
    expect(await status.recordSuccess('acc-0', 'job-1', 1_000)).toBe(false);
    const record = await status.get('acc-0');
    expect(record.lastSuccessAt).toBe(1_000);
    expect(record.lastSuccessJobId).toBe('job-1');
    expect(record.ipAtLastSuccess).toBeNull();
  });

  test('a blocked account: get gives the diagnostic and time left; a success lifts the block', async () => {
    await status.recordFailure('acc-1', 'job-2', refusal);
    await blocks.block('acc-1', refusal, 60_000);
    const block = await blocks.get('acc-1');
    expect(block?.diagnostic).toEqual(refusal);
    expect(block?.ttlMs).toBeGreaterThan(50_000);
    expect(block?.ttlMs).toBeLessThanOrEqual(60_000);

    expect(await status.recordSuccess('acc-1', 'job-3', 2_000)).toBe(true);
    expect(await blocks.get('acc-1')).toBeNull();
    const record = await status.get('acc-1');
    expect(record.lastSuccessJobId).toBe('job-3');
    // The refused IP that was then fixed, kept to tell a changed egress IP from a lost whitelist entry.
    expect(record.ipAtLastSuccess).toBe('1.92.157.200');
    expect(await status.recordSuccess('acc-1', 'job-4', 3_000)).toBe(false);
  });

  test('the script runs by EVALSHA after its first use on a connection, not EVAL with its text', async () => {
    // ioredis runs MONITOR on a connection of its own, so the one it came from is closed too.
    const base = createTestRedis();
    const monitor = await base.monitor();
    const stateKey = keys.accountState('acc-2');
    const invocations: string[] = [];
    const seenTwo = new Promise<void>((resolve) => {
      monitor.on('monitor', (_time: string, args: string[]) => {
        const name = String(args[0]).toLowerCase();
        if ((name === 'eval' || name === 'evalsha') && args.includes(stateKey)) invocations.push(name);
        if (invocations.length === 2) resolve();
      });
    });
    try {
      await status.recordSuccess('acc-2', 'job-5', 4_000);
      await status.recordSuccess('acc-2', 'job-6', 5_000);
      await seenTwo;
      expect(invocations).toEqual(['evalsha', 'evalsha']);
    } finally {
      monitor.disconnect();
      base.disconnect();
    }
  });
});
