import { operationsFrom, startApi } from '../src/api/index.js';
import { loadConfig, loadConfigOrExit } from '../src/config/index.js';
import { createLogger, resolvePretty } from '../src/log/index.js';
import { PromMetrics } from '../src/metrics/index.js';
import { ensureLocalRedis } from '../src/redis/local-redis.js';
import { probeRedis } from '../src/redis/probe-redis.js';
import { onShutdown } from '../src/runtime/on-shutdown.js';
import { checkStartConfig } from '../src/runtime/preflight.js';
import { closeAll, openServices } from '../src/runtime/services.js';
import { describeStartFault, exitOnStartFault } from '../src/runtime/start-fault.js';
import { reloadSchedules, startScheduler } from '../src/schedule/index.js';
import { startWorker } from '../src/worker/start-worker.js';

/*
 * `npm start`: the single-machine default, API + scheduler + one worker in one process.
 * On a first run with no Redis answering locally, it starts redis-server itself with
 * its data under .data/. Each role also runs alone (npm run api | scheduler | worker).
 * Order: every check first (config, HOST/API_TOKEN, PORT free, Redis answering), then
 * the store, the worker, the schedules and the API; a fault found before anything runs
 * is one line on stderr and exit 2 (configuration) or 4 (Redis).
 */
const config = loadConfigOrExit(process.env);
const logger = createLogger({
  level: config.logLevel,
  pretty: resolvePretty(config.logPretty, process.stdout.isTTY),
  base: { hostId: config.hostId },
});

let localRedis: Awaited<ReturnType<typeof ensureLocalRedis>> = null;
try {
  await checkStartConfig(config, { api: true });
  // A cluster is the operator's to run; only a lone local Redis is started on demand.
  if (config.redisClusterNodes === null)
    localRedis = await ensureLocalRedis(config.redisUrl, '.data', logger, config.redisConnectTimeoutMs);
  else await probeRedis(config, config.redisConnectTimeoutMs);
} catch (err) {
  exitOnStartFault(err, logger, 'wechat-sync');
}

// Opens the store first: a PostgreSQL store that cannot connect or migrate stops the process here.
// One registry for the whole process: the API's GET /metrics shows the worker's counters too.
const metrics = new PromMetrics({ defaultMetrics: true, host: config.hostId });
const services = await openServices(config, logger, {
  metrics,
}).catch((err: unknown) => {
  logger.fatal({ err }, 'store could not be opened');
  process.exit(1);
});
const stops: Array<() => Promise<unknown>> = [];
onShutdown(logger, config.shutdownGraceMs + 15_000, async () => {
  // Reverse start order: stop taking HTTP requests first, the worker finishes its jobs, Redis goes last.
  await closeAll(logger, [...stops].reverse());
  await services.close();
  await localRedis?.stop();
});

try {
  const worker = await startWorker(services);
  stops.push(() => worker.close());
  const scheduler = await startScheduler(config, logger);
  stops.push(() => scheduler.close());
  // As in the scheduler role alone: SIGHUP re-reads the accounts file and reconciles the
  // schedules (the worker keeps the accounts it started with until it is restarted).
  process.on('SIGHUP', () => {
    void reloadSchedules(scheduler, () => loadConfig(process.env).accounts, logger);
  });
  const api = await startApi(config, logger, { operations: operationsFrom(services) });
  stops.push(() => api.close());
  if (config.accounts.length === 0) {
    logger.warn(
      { accountsFile: config.accountsFile },
      'no accounts configured: copy accounts.example.json to accounts.json',
    );
  }
  logger.info(
    { url: api.url, board: api.boardUrl, accounts: config.accounts.length },
    `wechat-sync running: API ${api.url}, Bull Board ${api.boardUrl}`,
  );
} catch (err) {
  // Left for what no check can see coming (a port taken between the check and the listen).
  const fault = describeStartFault(err);
  if (fault) process.stderr.write(fault.line);
  else logger.fatal({ err }, 'could not start');
  process.exitCode = fault?.code ?? 1;
  await closeAll(logger, [...stops].reverse());
  await services.close();
  await localRedis?.stop();
  process.exit();
}
