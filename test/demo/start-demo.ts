import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Job } from 'bullmq';
import { QueueEvents } from 'bullmq';
import { operationsFrom, type RunningApi, startApi } from '../../src/api/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, type Logger } from '../../src/log/index.js';
import { enqueueSync, SYNC_QUEUE } from '../../src/queue/index.js';
import { createSyncQueue } from '../../src/queue/sync-queue.js';
import { createRedisConnection } from '../../src/redis/connection.js';
import { closeAll, createServices } from '../../src/runtime/services.js';
import { startWorker } from '../../src/worker/start-worker.js';
import { deleteKeysWithPrefix } from '../helpers/redis.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { DEMO_ACCOUNTS } from './demo-accounts.js';
import type { DemoCliEnv } from './demo-commands.js';

export interface DemoOptions {
  redisUrl: string;
  /** Keys of the demo live under this prefix; its previous contents are deleted at start. */
  prefix: string;
  port: number;
  board?: { user: string; password: string };
  /** The read-only credential of the console (BOARD_VIEWER_USER / BOARD_VIEWER_PASSWORD). */
  viewer?: { user: string; password: string };
  logger?: Logger;
  /** Where the demo writes its accounts file. */
  dataDir: string;
  /** Token authority clients (TOKEN_CLIENTS_FILE), credentials as literals; default none. */
  tokenClients?: Array<{ clientId: string; credential: string; apps: string[] }>;
}

export interface RunningDemo {
  sim: SimulatorHandle;
  api: RunningApi;
  jobs: { healthy: Job; blocked: Job };
  /** What the CLI needs to act on this demo (see demo-commands.ts). */
  cliEnv: DemoCliEnv;
  close(): Promise<void>;
}

/**
 * The whole system against the simulator with the two demo accounts, one sync of each
 * enqueued and awaited. Used by `npm run demo` and by the browser test of Bull Board.
 */
export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  const logger = opts.logger ?? createLogger({ level: 'warn', pretty: false });
  const sim = await startSimulator();
  for (const a of DEMO_ACCOUNTS) await sim.control.putApp(a.appId, { secret: a.secret, ...a.sim });

  mkdirSync(opts.dataDir, { recursive: true });
  const accountsFile = join(resolve(opts.dataDir), 'demo-accounts.json');
  writeFileSync(
    accountsFile,
    JSON.stringify(
      DEMO_ACCOUNTS.map((a) => ({ accountId: a.accountId, appId: a.appId, appSecret: `env:${a.secretEnv}` })),
    ),
  );
  const clientsFile = join(resolve(opts.dataDir), 'demo-token-clients.json');
  if (opts.tokenClients) writeFileSync(clientsFile, JSON.stringify(opts.tokenClients));
  const config = loadConfig({
    REDIS_URL: opts.redisUrl,
    WECHAT_API_BASE: sim.url,
    ACCOUNTS_FILE: accountsFile,
    PORT: String(opts.port),
    QUEUE_PREFIX: opts.prefix,
    ...(opts.board ? { BOARD_USER: opts.board.user, BOARD_PASSWORD: opts.board.password } : {}),
    ...(opts.viewer
      ? { BOARD_VIEWER_USER: opts.viewer.user, BOARD_VIEWER_PASSWORD: opts.viewer.password }
      : {}),
    ...(opts.tokenClients ? { TOKEN_CLIENTS_FILE: clientsFile } : {}),
    ...Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.secretEnv, a.secret])),
  });

  const services = createServices(config, logger);
  // A clean slate: the demo's failure must be its own, not a block left by the last run.
  await deleteKeysWithPrefix(services.redis, `${opts.prefix}:`);
  const worker = await startWorker(services);
  const api = await startApi(config, logger, { operations: operationsFrom(services) });
  const connection = createRedisConnection(config.redisUrl, 'worker');
  const queue = createSyncQueue(connection, config.queuePrefix);
  // BullMQ leaves a connection it was given open: close() quits this one itself.
  const eventsConnection = connection.duplicate();
  const events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix: config.queuePrefix });
  await events.waitUntilReady();

  const finish = async (accountId: string): Promise<Job> => {
    const { jobId } = await enqueueSync(queue, { accountId, trigger: 'cli' });
    const job = await queue.getJob(jobId);
    await job?.waitUntilFinished(events, 30_000).catch(() => undefined);
    const done = await queue.getJob(jobId);
    if (!done) throw new Error(`demo job ${jobId} vanished`);
    return done;
  };
  const [healthy, blocked] = await Promise.all(DEMO_ACCOUNTS.map((a) => finish(a.accountId)));

  return {
    sim,
    api,
    jobs: { healthy: healthy as Job, blocked: blocked as Job },
    // A REDIS_URL with a password is printed as a reference to the shell's own variable, never its value.
    cliEnv: {
      QUEUE_PREFIX: opts.prefix,
      ACCOUNTS_FILE: accountsFile,
      REDIS_URL: new URL(opts.redisUrl).password ? '"$REDIS_URL"' : opts.redisUrl,
    },
    close: () =>
      closeAll(logger, [
        () => events.close(),
        () => eventsConnection.quit(),
        () => queue.close(),
        () => connection.quit(),
        () => api.close(),
        () => worker.close(),
        () => services.close(),
        () => sim.close(),
      ]),
  };
}
