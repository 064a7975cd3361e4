import { writeSync } from 'node:fs';
import { operationsFrom, startApi } from '../src/api/index.js';
import { ConfigError, formatConfigError, loadConfig, loadConfigOrExit } from '../src/config/index.js';
import { createLogger, resolvePretty } from '../src/log/index.js';
import { PromMetrics } from '../src/metrics/index.js';
import { ensureLocalRedis, NoRedisError } from '../src/redis/local-redis.js';
import { onShutdown } from '../src/runtime/on-shutdown.js';
import { closeAll, openServices } from '../src/runtime/services.js';
import { reloadSchedules, startScheduler } from '../src/schedule/index.js';
import { startWorker } from '../src/worker/start-worker.js';

/*
 * `npm start`: the single-machine default, API + scheduler + one worker in one process.
 * On a first run with no Redis answering locally, it starts redis-server itself with
 * its data under .data/. Each role also runs alone (npm run api | scheduler | worker).
 */
const config = loadConfigOrExit(process.env);
const logger = createLogger({
  level: config.logLevel,
  pretty: resolvePretty(config.logPretty, process.stdout.isTTY),
  base: { hostId: config.hostId },
});

let localRedis: Awaited<ReturnType<typeof ensureLocalRedis>> = null;
try {
  // A cluster is the operator's to run; only a lone local Redis is started on demand.
  if (config.redisClusterNodes === null)
    localRedis = await ensureLocalRedis(config.redisUrl, '.data', logger);
} catch (err) {
  if (!(err instanceof NoRedisError)) throw err;
  writeSync(2, `${err.message}\n`);
  process.exit(1);
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
  if (err instanceof ConfigError) {
    writeSync(2, formatConfigError(err));
    process.exitCode = 2;
  } else {
    logger.fatal({ err }, 'could not start');
    process.exitCode = 1;
  }
  await closeAll(logger, [...stops].reverse());
  await services.close();
  await localRedis?.stop();
  process.exit();
}
