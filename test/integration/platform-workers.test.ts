import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import { redisPlatformStores } from '../../src/platform/index.js';
import { enqueueSync } from '../../src/queue/enqueue-sync.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/sync-queue.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createConfigDir } from '../helpers/config-files.js';
import { ws14Prefix } from '../helpers/platform-prefix.js';
import {
  authorizerAppId,
  COMPONENT_APP_ID,
  PLATFORM,
  PLATFORM_ID,
  SIM_PLATFORM,
} from '../helpers/platform-world.js';
import { QueueEventLog } from '../helpers/queue-event-log.js';
import { createTestRedis, deleteKeysWithPrefix } from '../helpers/redis.js';
import { WorkerFleet, type WorkerProcess } from '../helpers/worker-process.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const ACCOUNTS = 24;
const ROUNDS = 2;

const prefix = ws14Prefix('workers');
const redis = createTestRedis();
const keys = new RedisKeys(prefix);
const files = createConfigDir('platform-workers');
let sim: SimulatorHandle;
let queue: SyncQueue;
let events: QueueEventLog;
let fleet: WorkerFleet;
let workers: WorkerProcess[];

const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `client_${i + 1}`);

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.platform.put(COMPONENT_APP_ID, SIM_PLATFORM);
  const stores = redisPlatformStores(redis, keys);
  for (let n = 1; n <= ACCOUNTS; n += 1) {
    await sim.control.putApp(authorizerAppId(n), {
      secret: `unused-${n}`,
      seed: { articles: 3 },
      latencyMs: 5,
    });
    await sim.control.platform.authorize(COMPONENT_APP_ID, {
      authorizerAppId: authorizerAppId(n),
      push: false,
    });
  }
  for (const a of await sim.control.platform.authorizers(COMPONENT_APP_ID)) {
    await stores.authorizations.put(PLATFORM_ID, {
      authorizerAppId: a.authorizerAppId,
      refreshToken: new Sensitive(a.refreshToken),
      funcIds: a.funcIds,
      authorizedAt: a.authTime * 1000,
      updatedAt: Date.now(),
      state: 'authorized',
    });
  }
  const { ticket, createTime } = await sim.control.platform.pushTicket(COMPONENT_APP_ID);
  await stores.tickets.save(PLATFORM_ID, { ticket: new Sensitive(ticket), createdAt: createTime * 1000 });
  const accountsFile = files.write('accounts.json', {
    platforms: [
      {
        platformId: PLATFORM_ID,
        componentAppId: COMPONENT_APP_ID,
        componentAppSecret: 'env:WX_COMPONENT_SECRET',
        token: 'env:WX_COMPONENT_TOKEN',
        encodingAESKey: 'env:WX_COMPONENT_AES_KEY',
      },
    ],
    accounts: accountIds.map((accountId, i) => ({
      accountId,
      appId: authorizerAppId(i + 1),
      platform: PLATFORM_ID,
    })),
  });
  fleet = new WorkerFleet({
    prefix,
    wechatApiBase: sim.url,
    accountsFile,
    concurrency: 8,
    env: {
      WX_COMPONENT_SECRET: PLATFORM.componentAppSecret.reveal(),
      WX_COMPONENT_TOKEN: PLATFORM.token.reveal(),
      WX_COMPONENT_AES_KEY: PLATFORM.encodingAESKey.reveal(),
    },
  });
  queue = createSyncQueue(redis, prefix);
  events = await QueueEventLog.start(prefix);
  workers = await Promise.all([fleet.start('worker-a'), fleet.start('worker-b'), fleet.start('worker-c')]);
}, 120_000);

afterAll(async () => {
  await fleet?.killAll();
  await events?.close();
  await queue?.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  await sim?.close();
  files.remove();
});

test(`${ACCOUNTS} platform accounts × ${ROUNDS} rounds on 3 worker processes: one component token, one authorizer token per account`, async () => {
  const jobIds: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const accountId of accountIds) {
      jobIds.push((await enqueueSync(queue, { accountId, force: true, trigger: 'api' })).jobId);
    }
  }
  const completed = () => new Set(events.of('completed').map((e) => e.jobId));
  await events.waitUntil(() => jobIds.every((id) => completed().has(id)), 'every job completed', 90_000);
  expect(events.of('failed')).toEqual([]);

  const stats = await sim.control.platform.stats(COMPONENT_APP_ID);
  expect(stats.componentTokensIssued).toBe(1);
  expect(stats.authorizerTokenCalls).toBe(ACCOUNTS);
  expect(Object.values(stats.authorizerTokensIssued)).toEqual(Array(ACCOUNTS).fill(1));
  // The three processes all took part.
  for (const worker of workers) expect(worker.logged('sync completed').length).toBeGreaterThan(0);

  // Nothing secret in what the processes logged.
  const logs = workers
    .map((w) =>
      w
        .logs()
        .map((l) => JSON.stringify(l))
        .join('\n'),
    )
    .join('\n');
  const refreshTokens = (await sim.control.platform.authorizers(COMPONENT_APP_ID)).map((a) => a.refreshToken);
  for (const secret of [
    ...refreshTokens,
    PLATFORM.componentAppSecret.reveal(),
    PLATFORM.encodingAESKey.reveal(),
  ]) {
    expect(logs).not.toContain(secret);
  }
}, 120_000);
