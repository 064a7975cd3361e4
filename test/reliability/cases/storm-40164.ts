import assert from 'node:assert/strict';
import { enqueueSyncBulk } from '../../../src/queue/index.js';
import { createServices } from '../../../src/runtime/services.js';
import { startWorker } from '../../../src/worker/start-worker.js';
import { captureLog } from '../../helpers/log-capture.js';
import {
  assertAllCompleted,
  assertAllFinished,
  assertOneHolderAtATime,
  assertStoredEqualsClean,
} from '../invariants.js';
import type { ReliabilityCase } from '../reliability-case.js';
import { allFinished, type RelWorld, relAccounts, startRelWorld } from '../reliability-world.js';

const ACCOUNTS = 50;

async function syncAll(world: RelWorld): Promise<string[]> {
  const results = await enqueueSyncBulk(
    world.queue,
    world.accounts.map((a) => ({ accountId: a.accountId, trigger: 'schedule' as const })),
  );
  const ids = results.map((r) => r.jobId);
  await allFinished(world, ids, 60_000);
  return ids;
}

function tokenCalls(world: RelWorld): number[] {
  return world.accounts.map((a) => world.sim.state.requireApp(a.appId).stats.snapshot().tokenCalls);
}

export const stormCase: ReliabilityCase = {
  name: '40164 storm over 50 accounts',
  timeoutMs: 120_000,
  async run() {
    const world = await startRelWorld('storm', relAccounts('storm', ACCOUNTS), { seed: { articles: 3 } });
    const log = captureLog('info');
    const services = createServices(
      world.config({ retryBaseDelayMs: 20, workerConcurrency: 25 }),
      log.logger,
    );
    const worker = await startWorker(services);
    try {
      await assertAllCompleted(world.queue, await syncAll(world));

      // At once, every account's egress IP falls off its whitelist and its cached token dies.
      for (const a of world.accounts) {
        world.sim.state.patchApp(a.appId, { whitelist: ['203.0.113.7'], egressIp: '1.92.157.200' });
        world.sim.state.expireTokens(a.appId);
        world.sim.state.requireApp(a.appId).stats.reset();
      }
      const linesBefore = log.lines.length;
      const storm = await assertAllFinished(world.queue, await syncAll(world));
      assert.equal(storm.failed.length, ACCOUNTS, 'every storm job fails');
      for (const job of storm.failed) {
        assert.equal(job.attemptsMade, 1, `job ${job.id} was retried (${job.attemptsMade} attempts)`);
        assert.match(job.failedReason, /whitelist/i);
        const progress = job.progress as { diagnostic?: { code?: string; ip?: string } };
        assert.equal(progress.diagnostic?.code, 'IP_NOT_WHITELISTED');
        assert.equal(progress.diagnostic?.ip, '1.92.157.200');
      }
      const alerts = log
        .entries()
        .slice(linesBefore)
        .filter((e) => (e.diagnostic as { code?: string } | undefined)?.code === 'IP_NOT_WHITELISTED');
      const perAccount = new Map<string, number>();
      for (const e of alerts)
        perAccount.set(String(e.accountId), (perAccount.get(String(e.accountId)) ?? 0) + 1);
      assert.equal(perAccount.size, ACCOUNTS, 'an alert for every account');
      assert.ok(
        [...perAccount.values()].every((n) => n === 1),
        'exactly one alert per account',
      );
      const stormCalls = tokenCalls(world);
      assert.ok(
        stormCalls.every((n) => n === 1),
        `token calls per account in the storm: ${stormCalls.join(',')}`,
      );

      // While blocked: jobs fail fast with the same diagnostic, WeChat is not called at all.
      for (const a of world.accounts) world.sim.state.requireApp(a.appId).stats.reset();
      const blocked = await assertAllFinished(world.queue, await syncAll(world));
      assert.equal(blocked.failed.length, ACCOUNTS, 'every job of a blocked account fails');
      for (const job of blocked.failed) {
        assert.equal(job.attemptsMade, 1, `blocked job ${job.id} was retried`);
        assert.match(job.failedReason, /whitelist/i);
      }
      const blockedCalls = tokenCalls(world);
      assert.ok(
        blockedCalls.every((n) => n === 0),
        `token calls while blocked: ${blockedCalls.join(',')}`,
      );
      assertOneHolderAtATime(
        world.sim,
        world.accounts.map((a) => a.appId),
      );
      // Stored data is what the clean sync before the storm stored; the storm wrote nothing.
      for (const a of world.accounts.slice(0, 10)) {
        world.sim.state.patchApp(a.appId, { whitelist: null });
        await assertStoredEqualsClean(services.store, world.sim, a);
      }
      return `${ACCOUNTS} failed jobs, 0 retries, 1 alert and 1 token call per account; 0 token calls while blocked`;
    } finally {
      await worker.close();
      await services.close();
      await world.close();
    }
  },
};
