import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApi, operationsFrom } from '../../src/api/index.js';
import type { CleanupReport, DiagnosisReport, LockEntry } from '../../src/diagnosis/index.js';
import { SYNC_QUEUE } from '../../src/queue/names.js';
import { account, createConfigDir } from '../helpers/config-files.js';
import { runEntry } from '../helpers/entry-process.js';
import { createTestRedis, TEST_REDIS_URL } from '../helpers/redis.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

/** Each CLI case starts a real `wechat-sync` process (tsx compiles on start): allow for a slow box. */
const CLI_TEST_MS = 90_000;

const healthy = {
  accountId: 'gh_opscli_ok00001',
  appId: 'wx00000000000c1101',
  secret: 'secret-opscli-ok-12345678',
};
const blocked = {
  accountId: 'gh_opscli_ip00001',
  appId: 'wx00000000000c1102',
  secret: 'secret-opscli-ip-12345678',
};
const orphan = {
  accountId: 'gh_opscli_orphan1',
  appId: 'wx00000000000c1103',
  secret: 'secret-opscli-or-12345678',
};

const files = createConfigDir('ops-cli');
const accountsFile = files.write('accounts.json', [
  account(1, { accountId: healthy.accountId, appId: healthy.appId, appSecret: healthy.secret }),
  account(2, { accountId: blocked.accountId, appId: blocked.appId, appSecret: blocked.secret }),
  account(3, { accountId: orphan.accountId, appId: orphan.appId, appSecret: orphan.secret }),
]);

let sim: SimulatorHandle;
let live: TestSystem;
/** No worker: a job taken by hand stays active while its lock is looked at. */
let idle: TestSystem;
let app: FastifyInstance;
let holderWorker: Worker;
let holderConnection: Redis;

function cli(system: TestSystem, args: string[]) {
  return runEntry('producers/cli.ts', args, {
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: system.config.queuePrefix,
    ACCOUNTS_FILE: accountsFile,
    WECHAT_API_BASE: sim.url,
  });
}

/** A lock as a crashed worker leaves it: value, holder hash and TTL, nobody renewing. */
async function leaveLock(system: TestSystem, accountId: string, jobId: string, owner: string): Promise<void> {
  const { keys } = system.services;
  await system.redis.set(keys.lock(accountId), owner, 'PX', 120_000);
  await system.redis.hset(keys.lockHolder(accountId), {
    owner,
    jobId,
    host: 'gone-host',
    pid: '4242',
    since: String(Date.now() - 5_000),
    fence: '7',
  });
}

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(healthy.appId, { secret: healthy.secret, seed: { articles: 2 } });
  await sim.control.putApp(blocked.appId, {
    secret: blocked.secret,
    whitelist: ['10.1.2.3'],
    egressIp: '1.92.157.200',
  });
  await sim.control.putApp(orphan.appId, { secret: orphan.secret });
  const accounts = [healthy, blocked, orphan];
  live = await startTestSystem({ name: 'ops-cli-live', accounts, sim });
  idle = await startTestSystem({ name: 'ops-cli-idle', accounts, sim, worker: false });
  await live.finished(await live.enqueue(healthy.accountId));
  await live.finished(await live.enqueue(blocked.accountId));

  app = await buildApi({
    config: idle.config,
    queue: idle.queue,
    redis: idle.redis,
    blocks: idle.services.blocks,
    status: idle.services.status,
    logger: idle.log.logger,
    operations: operationsFrom(idle.services),
  });
  await app.ready();
  holderConnection = createTestRedis();
  holderWorker = new Worker(SYNC_QUEUE, null, {
    connection: holderConnection,
    prefix: idle.config.queuePrefix,
    autorun: false,
  });
}, 60_000);

afterAll(async () => {
  await holderWorker.close();
  // BullMQ leaves a connection it was given open.
  await holderConnection.quit();
  await app.close();
  await live.close();
  await idle.close();
  await sim.close();
  files.remove();
});

describe('wechat-sync diagnose', () => {
  test(
    'spells out the whitelist fault in a table and steps, and exits 1',
    async () => {
      const run = await cli(live, ['diagnose']);
      expect(run.code).toBe(1);
      const out = run.stdout;
      expect(out).toMatch(/^redis: ok \(/);
      expect(out).toContain('ACCOUNT');
      expect(out).toMatch(new RegExp(`${healthy.accountId}\\s+own secret\\s+ok \\(cache\\)`));
      expect(out).toMatch(
        new RegExp(`${blocked.accountId}\\s+own secret\\s+FAIL IP_NOT_WHITELISTED\\s+until `),
      );
      expect(out).toContain('egress IP WeChat saw: 1.92.157.200');
      expect(out).toMatch(/ {2}rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}\n/);
      expect(out).toContain('How to fix:');
      expect(out).toContain('3. Add the IP 1.92.157.200 on its own line');
      expect(out).toContain('unhealthy: 1 of 3 account(s) cannot get a token');
      for (const secret of [healthy.secret, blocked.secret]) expect(out).not.toContain(secret);
    },
    CLI_TEST_MS,
  );

  test(
    '--account of a healthy one exits 0; --json is the same report; an unknown account exits 2',
    async () => {
      const [ok, json, unknown] = await Promise.all([
        cli(live, ['diagnose', '--account', healthy.accountId]),
        cli(live, ['diagnose', '--account', blocked.accountId, '--json']),
        cli(live, ['diagnose', '--account', 'gh_nobody']),
      ]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('healthy: 1 account(s) can get a token');
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as DiagnosisReport;
      expect(report.accounts).toHaveLength(1);
      expect(report.accounts[0]?.token.failure?.ip).toBe('1.92.157.200');
      expect(unknown.code).toBe(2);
    },
    CLI_TEST_MS,
  );
});

describe('locks: list and cleanup', () => {
  test(
    'only the lock whose job is not active is released, over HTTP and by the CLI',
    async () => {
      // A live holder: a job moved to active by hand, its lock taken for it.
      const job = await idle.queue.add(
        'sync-account',
        { accountId: healthy.accountId, force: false, trigger: 'api' },
        { jobId: `${healthy.accountId}-live-abc123` },
      );
      const taken = await holderWorker.getNextJob('holder-token');
      expect(taken?.id).toBe(job.id);
      expect(await idle.queue.getJobState(String(job.id))).toBe('active');
      await leaveLock(idle, healthy.accountId, String(job.id), 'owner-live');
      await leaveLock(idle, orphan.accountId, `${orphan.accountId}-gone-def456`, 'owner-orphan');

      const listed = await app.inject({ method: 'GET', url: '/official-api/wechat/locks' });
      const { locks } = listed.json() as { locks: LockEntry[] };
      expect(locks.map((l) => [l.accountId, l.jobState, l.jobActive, l.host])).toEqual([
        [healthy.accountId, 'active', true, 'gone-host'],
        [orphan.accountId, 'unknown', false, 'gone-host'],
      ]);
      expect(locks[0]?.ageMs).toBeGreaterThanOrEqual(5_000);
      expect(locks[0]?.ttlMs).toBeGreaterThan(100_000);

      const listedByCli = await cli(idle, ['locks']);
      expect(listedByCli.code).toBe(0);
      expect(listedByCli.stdout).toMatch(
        new RegExp(`${orphan.accountId}\\s+\\S+\\s+unknown \\(orphan\\)\\s+gone-host\\s+4242`),
      );

      const cleaned = await app.inject({
        method: 'POST',
        url: '/official-api/wechat/locks/cleanup',
        payload: {},
      });
      expect(cleaned.statusCode).toBe(200);
      const report = cleaned.json() as CleanupReport;
      expect(report.released.map((l) => l.accountId)).toEqual([orphan.accountId]);
      expect(report.kept.map((l) => l.accountId)).toEqual([healthy.accountId]);
      expect(await idle.redis.exists(idle.services.keys.lock(orphan.accountId))).toBe(0);
      expect(await idle.redis.get(idle.services.keys.lock(healthy.accountId))).toBe('owner-live');

      // The CLI the same way: a new orphan goes, the live lock stays.
      await leaveLock(idle, orphan.accountId, `${orphan.accountId}-gone-fed789`, 'owner-orphan-2');
      const byCli = await cli(idle, ['locks', 'cleanup']);
      expect(byCli.code).toBe(0);
      expect(byCli.stdout).toContain(
        `released ${orphan.accountId}: job ${orphan.accountId}-gone-fed789 is unknown, not active`,
      );
      expect(byCli.stdout).toContain(`kept ${healthy.accountId}: job ${job.id} is active`);
      expect(byCli.stdout).toContain('1 released, 1 kept (active), 0 skipped');
      expect(await idle.redis.get(idle.services.keys.lock(healthy.accountId))).toBe('owner-live');
      expect((await cli(idle, ['locks', 'purge'])).code).toBe(2);
    },
    CLI_TEST_MS,
  );
});
