import { operationsFrom, startApi } from '../src/api/index.js';
import { loadConfigOrExit } from '../src/config/index.js';
import { createLogger, resolvePretty } from '../src/log/index.js';
import { PromMetrics } from '../src/metrics/index.js';
import { onShutdown } from '../src/runtime/on-shutdown.js';
import { preflight } from '../src/runtime/preflight.js';
import { createServices } from '../src/runtime/services.js';
import { exitOnStartFault } from '../src/runtime/start-fault.js';

/*
 * The HTTP API role alone: the producer routes and Bull Board. SIGTERM/SIGINT stop
 * accepting, let in-flight requests finish, close the queue and Redis, exit 0. Only
 * wiring: the work is in src/api.
 */
const config = loadConfigOrExit(process.env);
const logger = createLogger({
  level: config.logLevel,
  pretty: resolvePretty(config.logPretty, process.stdout.isTTY),
  base: { hostId: config.hostId },
});
// Every check before anything starts: HOST/API_TOKEN, PORT free, Redis answering.
await preflight(config, { api: true }).catch((err: unknown) => exitOnStartFault(err, logger, 'API'));

// The token cache, lock and metrics behind diagnosis, lock cleanup and GET /metrics.
const services = createServices(config, logger, {
  metrics: new PromMetrics({ defaultMetrics: true, host: config.hostId }),
});
const starting = startApi(config, logger, { operations: operationsFrom(services) });
// A request that never ends must not keep the process from exiting: onShutdown's hard limit.
onShutdown(logger, config.shutdownGraceMs, async () => {
  await starting.then(
    (api) => api.close(),
    () => undefined,
  );
  await services.close();
  logger.info('API stopped');
});

try {
  const api = await starting;
  logger.info(
    { url: api.url, board: api.boardUrl },
    `API listening on ${api.url}; Bull Board at ${api.boardUrl}`,
  );
} catch (err) {
  await services.close();
  exitOnStartFault(err, logger, 'API');
}
