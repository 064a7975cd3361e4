import assert from 'node:assert/strict';
import { startApi } from '../../../src/api/index.js';
import { createServices } from '../../../src/runtime/services.js';
import { startWorker } from '../../../src/worker/start-worker.js';
import { captureLog } from '../../helpers/log-capture.js';
import { unusedPort } from '../../helpers/ports.js';
import { PrivateRedis } from '../../helpers/private-redis.js';
import { assertAllCompleted, assertOneHolderAtATime, assertStoredEqualsClean } from '../invariants.js';
import type { ReliabilityCase } from '../reliability-case.js';
import { allFinished, relAccounts, startRelWorld } from '../reliability-world.js';

const SYNC_PATH = '/official-api/wechat/sync';

async function requestSync(apiUrl: string, accountId: string): Promise<string> {
  const res = await fetch(`${apiUrl}${SYNC_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId }),
  });
  const body = await res.text();
  assert.equal(res.status, 202, `POST sync for ${accountId}: ${res.status} ${body}`);
  return (JSON.parse(body) as { jobId: string }).jobId;
}

/**
 * What a load balancer does: ask /readyz until it says 200. The API's connection reconnects
 * on its own with a backoff (src/redis/connection.ts); there is no event outside the process.
 */
async function readyAgain(apiUrl: string, deadlineMs = 15_000): Promise<void> {
  const until = performance.now() + deadlineMs;
  while ((await fetch(`${apiUrl}/readyz`)).status !== 200) {
    assert.ok(performance.now() < until, `the API was not ready ${deadlineMs} ms after Redis came back`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const redisRestartCase: ReliabilityCase = {
  name: 'Redis restart mid-run',
  timeoutMs: 150_000,
  async run() {
    const redis = await PrivateRedis.start({ appendOnly: true });
    const accounts = relAccounts('rst', 20);
    const world = await startRelWorld(
      'restart',
      accounts,
      { latencyMs: 100, seed: { articles: 45 } },
      redis.url,
    );
    const log = captureLog('info');
    const config = world.config({ retryBaseDelayMs: 50, workerConcurrency: 5, port: await unusedPort() });
    const services = createServices(config, log.logger);
    const worker = await startWorker(services);
    const api = await startApi(config, log.logger);
    try {
      const firstDone = new Promise<void>((resolve) => world.events.once('completed', () => resolve()));
      const ids = [];
      for (const a of accounts.slice(0, 15)) ids.push(await requestSync(api.url, a.accountId));
      await firstDone;
      await redis.stop();
      const down = await fetch(`${api.url}/readyz`);
      assert.equal(down.status, 503, 'readyz says Redis is away');
      await redis.start();
      await readyAgain(api.url);
      // No reconnect by hand: the API's next requests and the worker find Redis on their own.
      for (const a of accounts.slice(15)) ids.push(await requestSync(api.url, a.accountId));
      await allFinished(world, ids, 120_000);
      const jobs = await assertAllCompleted(world.queue, ids);
      assert.equal((await fetch(`${api.url}/readyz`)).status, 200);
      assertOneHolderAtATime(
        world.sim,
        accounts.map((a) => a.appId),
      );
      for (const a of accounts) await assertStoredEqualsClean(services.store, world.sim, a);
      const retried = jobs.filter((j) => j.attemptsMade > 1).length;
      return `${ids.length} jobs completed across a restart (${retried} retried); API and worker reconnected by themselves`;
    } finally {
      await api.close();
      await worker.close();
      await services.close();
      await world.close();
      await redis.close();
    }
  },
};
