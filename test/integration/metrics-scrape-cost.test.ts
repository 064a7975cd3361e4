import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { AccountBlocks, AccountStatus } from '../../src/accounts/index.js';
import { invalidDataDiagnostic } from '../../src/failures/index.js';
import { ACCOUNT_STATE_CACHE_MS, registerQueueGauges } from '../../src/metrics/queue-gauges.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';
import { makeAccount } from '../helpers/test-config.js';

/*
 * Issue 17 item 6: /metrics is unauthenticated and read two Redis keys per account on
 * every scrape. The accounts' state is now read once per ACCOUNT_STATE_CACHE_MS, shared
 * by concurrent scrapes. Real Redis; the counts are of calls into the real readers.
 */
const ACCOUNTS = Array.from({ length: 40 }, (_, i) =>
  makeAccount({
    accountId: `acc-metrics-${i}`,
    appId: `wx${String(i).padStart(16, '0')}`,
    secret: 'not-used-0000',
  }),
);

const redis = createTestRedis();
const keys = new RedisKeys(uniquePrefix('metrics-scrape'));
let queue: SyncQueue;
let clock = 1_000_000;
const reads = { blocks: 0, status: 0, counts: 0 };
const registry = new Registry();

beforeAll(() => {
  queue = createSyncQueue(redis, keys.prefix);
  const blocks = new AccountBlocks(redis, keys);
  const status = new AccountStatus(redis, keys);
  registerQueueGauges(registry, {
    accounts: ACCOUNTS,
    queue: {
      getJobCounts: (...types) => {
        reads.counts += 1;
        return queue.getJobCounts(...types);
      },
    },
    blocks: {
      get: (id) => {
        reads.blocks += 1;
        return blocks.get(id);
      },
    },
    status: {
      get: (id) => {
        reads.status += 1;
        return status.get(id);
      },
    },
    now: () => clock,
  });
});

afterAll(async () => {
  await queue.close();
  await deleteKeysWithPrefix(redis, keys.prefix);
  await redis.quit();
});

describe('/metrics scrape cost (issue 17)', () => {
  test('a burst of scrapes reads each account once', async () => {
    await Promise.all(Array.from({ length: 10 }, () => registry.metrics()));
    for (let i = 0; i < 3; i += 1) await registry.metrics();
    expect(reads).toEqual({ blocks: ACCOUNTS.length, status: ACCOUNTS.length, counts: 1 });
  });

  test('after the cache time the next scrape reads again and sees changes', async () => {
    const blocks = new AccountBlocks(redis, keys);
    await blocks.block(
      ACCOUNTS[3]!.accountId,
      invalidDataDiagnostic('x', ACCOUNTS[3]!.accountId, clock),
      60_000,
    );
    const stale = await registry.metrics();
    expect(stale).not.toContain(`account="${ACCOUNTS[3]!.accountId}"`.concat(',ip'));
    clock += ACCOUNT_STATE_CACHE_MS;
    const fresh = await registry.metrics();
    expect(reads.blocks).toBe(2 * ACCOUNTS.length);
    expect(fresh).toMatch(
      new RegExp(`wechat_sync_account_blocked\\{account="${ACCOUNTS[3]!.accountId}",ip="unknown"\\} 1`),
    );
  });
});
