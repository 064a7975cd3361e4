import assert from 'node:assert/strict';
import { SYNC_JOB, syncJobDataSchema } from '../../../src/queue/index.js';
import { createServices } from '../../../src/runtime/services.js';
import { startWorker } from '../../../src/worker/start-worker.js';
import { captureLog } from '../../helpers/log-capture.js';
import type { FaultKind } from '../../simulator/index.js';
import { assertAllCompleted, assertOneHolderAtATime, assertStoredEqualsClean } from '../invariants.js';
import type { ReliabilityCase } from '../reliability-case.js';
import { allFinished, relAccounts, startRelWorld } from '../reliability-world.js';

const JOBS = 500;
/** Five kinds at 4.4 % each: about 20 % of calls hit a fault (the first that rolls wins). */
const KINDS: FaultKind[] = ['busy', 'http5xx', 'reset', 'malformed', 'slow'];
const RATE_EACH = 0.044;
/**
 * About 16 % of calls fail (slow ones succeed), so a job fails all of production's 5
 * attempts with p ≈ 1e-4: over 500 jobs the case would fail now and then for no bug. With
 * 10 attempts p ≈ 1e-8, and "all complete after retries" is a property, not luck.
 */
const ATTEMPTS = 10;

export const faultsCase: ReliabilityCase = {
  name: 'WeChat faults at 20 % over 500 jobs',
  timeoutMs: 180_000,
  async run() {
    const accounts = relAccounts('flt', JOBS);
    const world = await startRelWorld('faults', accounts, { seed: { articles: 5 } });
    const log = captureLog('info');
    const services = createServices(
      world.config({ retryBaseDelayMs: 20, workerConcurrency: 50 }),
      log.logger,
    );
    let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
    try {
      for (const a of accounts) {
        for (const kind of KINDS) world.sim.state.addFault(a.appId, { kind, rate: RATE_EACH, delayMs: 300 });
      }
      worker = await startWorker(services);
      let attemptFailures = 0;
      worker.worker.on('failed', () => attemptFailures++);
      const jobs = await world.queue.addBulk(
        accounts.map((a) => ({
          name: SYNC_JOB as typeof SYNC_JOB,
          data: syncJobDataSchema.parse({ accountId: a.accountId, trigger: 'api' }),
          opts: { attempts: ATTEMPTS },
        })),
      );
      const ids = jobs.map((j) => String(j.id));
      await allFinished(world, ids, 150_000);
      const completed = await assertAllCompleted(world.queue, ids);
      const retried = completed.filter((j) => j.attemptsMade > 1).length;
      const faultsSeen = accounts.reduce((n, a) => {
        const errors = world.sim.state.requireApp(a.appId).stats.snapshot().errorsByCode;
        return n + Object.values(errors).reduce((x, y) => x + y, 0);
      }, 0);
      assert.ok(attemptFailures > 20, `only ${attemptFailures} failed attempts: the faults did not bite`);
      const logged = log.entries().filter((e) => e.msg === 'sync attempt failed');
      assert.equal(logged.length, attemptFailures, 'every failed attempt is logged once');
      for (const entry of logged) {
        const err = entry.err as { type?: string } | undefined;
        assert.ok(
          err?.type && /Error$/.test(err.type),
          `a failure logged without its class: ${JSON.stringify(entry)}`,
        );
      }
      const classes = new Set(logged.map((e) => (e.err as { type: string }).type));
      // Each failing fault of the mix shows up as its own kind (slow ones succeed, late).
      const kinds = new Set(logged.map((e) => (e.err as { kind?: string }).kind));
      for (const kind of ['busy', 'http-status', 'network', 'bad-response'])
        assert.ok(kinds.has(kind), `no failed attempt of kind ${kind} logged: ${[...kinds].join(', ')}`);
      assertOneHolderAtATime(
        world.sim,
        accounts.map((a) => a.appId),
      );
      // The clean sync to compare with reads WeChat without faults.
      world.sim.state.clearFaults();
      for (const a of accounts.slice(0, 25)) await assertStoredEqualsClean(services.store, world.sim, a);
      return `${JOBS} jobs completed (${retried} after retries); ${attemptFailures} failed attempts (${faultsSeen} fault answers), each logged with its class (${[...classes].join(', ')}: ${[...kinds].join(', ')})`;
    } finally {
      await worker?.close();
      await services.close();
      await world.close();
    }
  },
};
