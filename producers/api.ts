import { writeSync } from 'node:fs';
import { operationsFrom, startApi } from '../src/api/index.js';
import { ConfigError, formatConfigError, loadConfigOrExit } from '../src/config/index.js';
import { createLogger, resolvePretty } from '../src/log/index.js';
import { PromMetrics } from '../src/metrics/index.js';
import { onShutdown } from '../src/runtime/on-shutdown.js';
import { createServices } from '../src/runtime/services.js';

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
  if (err instanceof ConfigError) {
    // Same one-line format and exit code as loadConfigOrExit; writeSync so exit cannot drop it.
    writeSync(2, formatConfigError(err));
    process.exit(2);
  }
  logger.fatal({ err }, 'API could not start');
  process.exit(1);
}
