import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { roundTripsRun } from '../../bench/round-trips.js';
import { startApi } from '../../src/api/index.js';
import { enqueueSyncBulk } from '../../src/queue/index.js';
import { createServices } from '../../src/runtime/services.js';
import { makeAccount, testConfig } from '../helpers/test-config.js';
import { assertOneHolderAtATime, assertStoredEqualsClean } from '../reliability/invariants.js';
import {
  allFinished,
  type ClusterWorld,
  clusterAccounts,
  finishedJobs,
  startClusterWorld,
} from './cluster-world.js';
import { type LocalCluster, redisServerAvailable, startLocalCluster } from './redis-cluster.js';

/*
 * `npm run test:cluster`: a real 3-master Redis Cluster (one replica each) on spare local
 * ports, the end-to-end path over it (API, 3 worker processes with their own HOST_ID), then
 * a failover (a master SIGKILLed mid-run), then a job's Redis round trips counted on the
 * cluster. Everything is torn down even on failure.
 */
const STARTED = '"sync worker started"';
const HOSTS = ['host-a', 'host-b', 'host-c'];

async function endToEnd(cluster: LocalCluster): Promise<string> {
  const accounts = clusterAccounts('e2e', 7);
  const refused = accounts[6] as (typeof accounts)[number];
  const world = await startClusterWorld(cluster, accounts, (a) => ({
    latencyMs: 30,
    // Overlapping token calls from 3 processes: only the single flight keeps it to one.
    tokenLatencyMs: 200,
    seed: { articles: 45, followers: 250, materials: { image: 25, video: 0, voice: 0, news: 5 } },
    ...(a === refused ? { whitelist: ['10.9.9.9'], egressIp: '10.1.1.1' } : {}),
  }));
  const config = testConfig(
    {
      queuePrefix: world.prefix,
      wechatApiBase: world.sim.url,
      accounts: accounts.map((a) => makeAccount(a)),
    },
    { redisClusterNodes: world.cluster.nodes, redisUrl: 'redis://127.0.0.1' },
  );
  const api = await startApi(config, pino({ level: 'silent' }));
  try {
    const workers = HOSTS.map((host) => world.startWorker(host));
    await Promise.all(workers.map((w) => w.waitForLine((l) => l.includes(STARTED), { timeoutMs: 30_000 })));
    const post = async (body: object) => {
      const res = await fetch(`${api.url}/official-api/wechat/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 202, `enqueue ${JSON.stringify(body)}: ${res.status}`);
      return ((await res.json()) as { jobId: string }).jobId;
    };
    // Each account twice (the second forced, so a second job): two holders would race for it.
    const ids: string[] = [];
    for (const a of accounts) ids.push(await post({ accountId: a.accountId }));
    for (const a of accounts) ids.push(await post({ accountId: a.accountId, force: true }));
    assert.equal(new Set(ids).size, ids.length, 'forced enqueue gives a new job');
    await allFinished(world, ids, 90_000);
    const jobs = await finishedJobs(world, ids);
    for (const job of jobs) {
      const state = await job.getState();
      if (job.data.accountId === refused.accountId) {
        assert.equal(state, 'failed', 'the refused account fails');
        assert.match(job.failedReason, /40164|whitelist/i);
      } else {
        assert.equal(state, 'completed', `job ${job.id} of ${job.data.accountId}: ${job.failedReason}`);
      }
    }
    assertOneHolderAtATime(
      world.sim,
      accounts.map((a) => a.appId),
    );
    // The refused app gets no token at all (WeChat refuses its IP at the token call).
    for (const a of accounts.slice(0, 6)) {
      const issued = world.sim.state.requireApp(a.appId).stats.snapshot().tokensIssued;
      assert.equal(
        issued,
        1,
        `${a.appId}: ${issued} tokens issued across 3 processes (single flight broken)`,
      );
    }
    for (const a of accounts.slice(0, 6)) {
      await assertStoredEqualsClean(world.store, world.sim, a);
      // Followers (MULTI and scripts per account) and materials (a pipeline per account) on the cluster too.
      assert.deepEqual(await world.store.countFollowers(a.accountId), { subscribed: 250, unsubscribed: 0 });
      assert.deepEqual(await world.store.countMaterials(a.accountId), {
        image: 25,
        video: 0,
        voice: 0,
        news: 5,
      });
    }
    const block = await world.admin.exists(world.keys.block(refused.accountId));
    assert.equal(block, 1, 'the refused account is blocked');
    for (const [i, w] of workers.entries()) {
      assert.ok(w.stdout.includes(`"hostId":"${HOSTS[i]}"`), `${HOSTS[i]}: its log lines carry its HOST_ID`);
    }
    const hosts = await spreadOfKeys(world);
    return `${ids.length} jobs via the API on 3 hosts; 1 whitelist failure; 1 token per app; articles, followers and materials stored; keys on ${hosts} masters`;
  } finally {
    await api.close();
    await world.close();
  }
}

/** How many masters hold this world's per-account keys (they should spread). */
async function spreadOfKeys(world: ClusterWorld): Promise<number> {
  let holding = 0;
  for (const node of world.admin.nodes('master')) {
    const [, keys] = await node.scan('0', 'MATCH', `${world.keys.base}:*`, 'COUNT', 10_000);
    if (keys.length > 0) holding++;
  }
  assert.ok(holding >= 2, `per-account keys on ${holding} master(s): they should spread over slots`);
  return holding;
}

async function failover(cluster: LocalCluster): Promise<string> {
  const accounts = clusterAccounts('fo', 9);
  const world = await startClusterWorld(cluster, accounts, () => ({
    latencyMs: 120,
    seed: { articles: 60 },
  }));
  try {
    const workers = HOSTS.map((host) => world.startWorker(`${host}-fo`));
    await Promise.all(workers.map((w) => w.waitForLine((l) => l.includes(STARTED), { timeoutMs: 30_000 })));
    const slot = Number(await world.admin.cluster('KEYSLOT', `${world.prefix}:x`));
    const victim = await cluster.masterOf(slot);
    const progressed = new Promise<void>((resolve) => world.events.once('progress', () => resolve()));
    const results = await enqueueSyncBulk(
      world.queue,
      accounts.map((a) => ({ accountId: a.accountId, trigger: 'api' as const })),
    );
    const ids = results.map((r) => r.jobId);
    await progressed; // jobs are mid-sync
    await cluster.kill(victim); // the master of the queue's slot
    const promoted = await cluster.waitNewMaster(slot, victim);
    await cluster.waitHealthy({ timeoutMs: 30_000 });
    await allFinished(world, ids, 120_000);
    const jobs = await finishedJobs(world, ids);
    for (const job of jobs)
      assert.equal(await job.getState(), 'completed', `job ${job.id}: ${job.failedReason}`);
    for (const a of accounts) await assertStoredEqualsClean(world.store, world.sim, a);
    assertOneHolderAtATime(
      world.sim,
      accounts.map((a) => a.appId),
    );
    return `master :${victim} of the queue slot killed mid-run, replica :${promoted} promoted; ${ids.length}/${ids.length} jobs completed, none lost`;
  } finally {
    await world.close();
  }
}

/**
 * Issue 16: a job's own Redis round trips, counted (bench/round-trips.ts) on the cluster,
 * where its steps touch three kinds of slot (the queue's, the account's, the app's): the
 * commands of one wait go to their nodes together, so the count must stay what it is on
 * one Redis. Counted on the second sync of each account (the first also fetches a token
 * and asks for quotas).
 */
async function roundTrips(cluster: LocalCluster): Promise<string> {
  const accounts = clusterAccounts('rt', 12);
  const world = await startClusterWorld(cluster, accounts, () => ({ seed: { articles: 5 } }));
  const config = testConfig(
    {
      queuePrefix: world.prefix,
      wechatApiBase: world.sim.url,
      accounts: accounts.map((a) => makeAccount(a)),
    },
    { redisClusterNodes: world.cluster.nodes, redisUrl: 'redis://127.0.0.1' },
  );
  const services = createServices(config, pino({ level: 'silent' }));
  try {
    const run = () =>
      roundTripsRun(services.config.accounts, services, world.queue, accounts.length, [world.admin]);
    await run();
    const counted = await run();
    assert.ok(counted.perJob <= 4, `${counted.perJob} waits per job: ${counted.sample.join(' → ')}`);
    return `${counted.perJob} sequential waits per job (median of ${accounts.length}) over 3 masters: ${counted.sample.join(' → ')}`;
  } finally {
    await services.close();
    await world.close();
  }
}

if (!redisServerAvailable()) {
  console.log('SKIP test:cluster: redis-server / redis-cli not installed (apt-get install redis-server)');
  process.exit(0);
}
let failed = 0;
const cluster = await startLocalCluster(3, 1);
try {
  for (const [name, run] of [
    ['end-to-end on a 3-master cluster', endToEnd],
    ['failover of a master mid-run', failover],
    ["a job's Redis round trips on the cluster", roundTrips],
  ] as const) {
    const started = performance.now();
    try {
      const summary = await run(cluster);
      console.log(`PASS ${name} (${((performance.now() - started) / 1000).toFixed(1)} s): ${summary}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
} finally {
  await cluster.close();
}
process.exit(failed > 0 ? 1 : 0);
