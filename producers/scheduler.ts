import { loadConfig, loadConfigOrExit } from '../src/config/index.js';
import { createLogger, resolvePretty } from '../src/log/index.js';
import { onShutdown } from '../src/runtime/on-shutdown.js';
import { preflight } from '../src/runtime/preflight.js';
import { exitOnStartFault } from '../src/runtime/start-fault.js';
import { reloadSchedules, startScheduler } from '../src/schedule/index.js';

/*
 * The scheduler role alone: reconcile the job schedulers with the accounts file, then
 * stay up so SIGHUP can reconcile again after the file changed. SIGTERM/SIGINT close and
 * exit 0. Only wiring: the work is in src/schedule.
 */
const config = loadConfigOrExit(process.env);
const logger = createLogger({
  level: config.logLevel,
  pretty: resolvePretty(config.logPretty, process.stdout.isTTY),
  base: { hostId: config.hostId },
});
await preflight(config, {}).catch((err: unknown) => exitOnStartFault(err, logger, 'scheduler'));

const started = startScheduler(config, logger);
let stopping = false;

onShutdown(logger, config.shutdownGraceMs, async () => {
  stopping = true;
  // A stop during the first reconcile lets it finish (each change is one atomic script anyway).
  const scheduler = await started.catch(() => null);
  await scheduler?.close();
});

// Registered before the first reconcile ends: SIGHUP's default action would kill the process.
process.on('SIGHUP', () => {
  if (stopping) return;
  logger.info({ accountsFile: config.accountsFile }, 'SIGHUP: reloading the accounts file');
  started
    .then((scheduler) => reloadSchedules(scheduler, () => loadConfig(process.env).accounts, logger))
    .catch(() => {}); // a failed start is reported below and ends the process
});

await started.catch((err: unknown) => {
  logger.fatal({ err }, 'scheduler could not reconcile at start');
  process.exit(1);
});
logger.info({ accountsFile: config.accountsFile }, 'scheduler running; SIGHUP reloads the accounts file');
