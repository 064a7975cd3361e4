import { loadConfigOrExit } from '../src/config/index.js';
import { createLogger, resolvePretty } from '../src/log/index.js';
import { PromMetrics, startMetricsServer } from '../src/metrics/index.js';
import { onShutdown } from '../src/runtime/on-shutdown.js';
import { preflight } from '../src/runtime/preflight.js';
import { openServices } from '../src/runtime/services.js';
import { exitOnStartFault } from '../src/runtime/start-fault.js';
import { startWorker } from '../src/worker/start-worker.js';

/*
 * The sync worker role alone, for scaling out: run as many of these, on as many hosts,
 * as the accounts need; they share nothing but Redis. Only wiring: the work is in src/worker.
 */
const config = loadConfigOrExit(process.env);
const logger = createLogger({
  level: config.logLevel,
  pretty: resolvePretty(config.logPretty, process.stdout.isTTY),
  base: { hostId: config.hostId },
});
// Every check before anything starts: METRICS_PORT free, Redis answering.
await preflight(config, { metrics: true }).catch((err: unknown) => exitOnStartFault(err, logger, 'worker'));
// Opens the store first: a PostgreSQL store that cannot connect or migrate stops the process here.
const services = await openServices(config, logger, {
  metrics: new PromMetrics({ defaultMetrics: true, host: config.hostId }),
}).catch((err: unknown) => {
  logger.fatal({ err }, 'store could not be opened');
  process.exit(1);
});

// Started before the signal handler is registered, and awaited by it: a SIGTERM that comes
// while the worker is still starting (a quick `docker stop`) still gets the graceful path.
const starting = (async () => {
  const worker = await startWorker(services);
  // Each worker process serves its own counters; Prometheus scrapes every worker (README, Operations).
  const metricsServer =
    config.metricsPort === null
      ? null
      : await startMetricsServer(services.metrics, { host: config.host, port: config.metricsPort });
  if (metricsServer) logger.info({ url: metricsServer.url }, `worker metrics at ${metricsServer.url}`);
  return { worker, metricsServer };
})();
// The worker's own grace period, plus time to close connections.
onShutdown(logger, config.shutdownGraceMs + 10_000, async () => {
  const started = await starting.catch(() => null);
  await started?.metricsServer?.close();
  await started?.worker.close();
  await services.close();
});

try {
  await starting;
} catch (err) {
  await services.close();
  exitOnStartFault(err, logger, 'worker');
}
