import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Job, QueueEvents } from 'bullmq';
import type { Cluster } from 'ioredis';
import { SYNC_QUEUE, type SyncQueue } from '../../src/queue/index.js';
import { createSyncQueue } from '../../src/queue/sync-queue.js';
import { createClusterConnection } from '../../src/redis/connection.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore } from '../../src/store/index.js';
import { EntryProcess } from '../helpers/entry-process.js';
import { uniquePrefix } from '../helpers/redis.js';
import { type AppConfigInput, type SimulatorHandle, startSimulator } from '../simulator/index.js';
import type { LocalCluster } from './redis-cluster.js';

export interface ClusterAccount {
  accountId: string;
  appId: string;
  secret: string;
}

/** One simulator, one queue prefix (a hash tag) and worker processes sharing nothing but the cluster. */
export interface ClusterWorld {
  sim: SimulatorHandle;
  cluster: LocalCluster;
  /** `{t-cluster-…}`: BullMQ's keys share its slot; RedisKeys drops the braces. */
  prefix: string;
  accounts: ClusterAccount[];
  admin: Cluster;
  queue: SyncQueue;
  events: QueueEvents;
  keys: RedisKeys;
  store: RedisSyncStore;
  workers: EntryProcess[];
  /** The environment any entry point of this world runs with (REDIS_CLUSTER_NODES, no REDIS_URL host). */
  env(extra?: Record<string, string>): Record<string, string>;
  startWorker(hostId: string): EntryProcess;
  close(): Promise<void>;
}

export function clusterAccounts(tag: string, count: number): ClusterAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `cl_${tag}_${i}`,
    appId: `wx${tag.length.toString(16)}c${i.toString(16).padStart(14, '0')}`,
    secret: `cluster-secret-${tag}-${i}-x9`,
  }));
}

export async function startClusterWorld(
  cluster: LocalCluster,
  accounts: ClusterAccount[],
  app: (account: ClusterAccount, index: number) => Partial<AppConfigInput>,
): Promise<ClusterWorld> {
  const sim = await startSimulator();
  for (const [i, a] of accounts.entries()) {
    sim.state.putApp(a.appId, { secret: a.secret, quotas: false, ...app(a, i) });
  }
  const prefix = `{${uniquePrefix('cluster')}}`;
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sync-cluster-world-'));
  const accountsFile = join(dir, 'accounts.json');
  const secretsEnv = Object.fromEntries(accounts.map((a, i) => [`CL_SECRET_${i}`, a.secret]));
  writeFileSync(
    accountsFile,
    JSON.stringify(
      accounts.map((a, i) => ({
        accountId: a.accountId,
        appId: a.appId,
        appSecret: `env:CL_SECRET_${i}`,
        sync: ['articles', 'followers', 'materials'],
      })),
    ),
  );
  const connect = () => {
    const c = createClusterConnection(cluster.nodes, 'redis://127.0.0.1', 'worker');
    c.on('error', () => undefined);
    return c;
  };
  const admin = connect();
  const eventsConnection = connect();
  const queue = createSyncQueue(admin, prefix);
  queue.on('error', () => undefined);
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix });
  events.on('error', () => undefined);
  await events.waitUntilReady();
  const keys = new RedisKeys(prefix);
  const workers: EntryProcess[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    ...secretsEnv,
    REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    QUEUE_PREFIX: prefix,
    WECHAT_API_BASE: sim.url,
    ACCOUNTS_FILE: accountsFile,
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    ...extra,
  });
  return {
    sim,
    cluster,
    prefix,
    accounts,
    admin,
    queue,
    events,
    keys,
    store: new RedisSyncStore({ redis: admin, keys }),
    workers,
    env,
    startWorker(hostId) {
      const worker = new EntryProcess(
        'workers/sync-worker.ts',
        [],
        env({
          HOST_ID: hostId,
          WORKER_CONCURRENCY: '4',
          // Both locks outlive a master's failover on a loaded 2-core CI (node timeout 1 s, but
          // detection, election and the clients' reconnect took over 3 s there): with 3 s, the
          // job lock on the killed queue master expired mid-sync and BullMQ failed the job as
          // "stalled more than allowable limit". No case here kills a worker, so nothing waits
          // for these locks to expire; stalled jobs are still looked for every 2 s.
          LOCK_TTL_MS: '10000',
          WORKER_LOCK_DURATION_MS: '10000',
          WORKER_STALLED_INTERVAL_MS: '2000',
          RETRY_BASE_DELAY_MS: '200',
        }),
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await events.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      await eventsConnection.quit().catch(() => eventsConnection.disconnect());
      await admin.quit().catch(() => admin.disconnect());
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { allFinished } from '../helpers/all-finished.js';

/** Every job of `ids` is in Redis and completed or failed (with a reason); nothing left waiting or active. */
export async function finishedJobs(world: ClusterWorld, ids: readonly string[]): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const id of ids) {
    const job = await world.queue.getJob(id);
    assert.ok(job, `job ${id} is lost (not in Redis)`);
    const state = await job.getState();
    assert.ok(state === 'completed' || state === 'failed', `job ${id} is ${state}, not finished`);
    if (state === 'failed') assert.ok(job.failedReason, `job ${id} failed without a reason`);
    jobs.push(job);
  }
  const counts = await world.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
  for (const [state, n] of Object.entries(counts)) assert.equal(n, 0, `${n} job(s) still ${state}`);
  return jobs;
}
