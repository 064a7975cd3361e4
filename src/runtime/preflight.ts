import { assertApiConfig } from '../api/api-config.js';
import type { AppConfig } from '../config/index.js';
import { probeRedis } from '../redis/probe-redis.js';
import { assertPortFree } from './port-check.js';

export interface PreflightRoles {
  /** This process serves the HTTP API (HOST, PORT, API_TOKEN). */
  api?: boolean;
  /** This process serves its own metrics port (METRICS_PORT). */
  metrics?: boolean;
}

/**
 * Everything that can be found wrong before anything starts, in the order an operator fixes
 * it: configuration faults (ConfigError: exit 2) first, then Redis (RedisUnreachableError).
 * Entry points run this before they start a worker, reconcile schedules or listen, so a
 * taken port or a missing API_TOKEN never leaves half a system running.
 */
export async function preflight(config: AppConfig, roles: PreflightRoles): Promise<void> {
  await checkStartConfig(config, roles);
  await probeRedis(config, config.redisConnectTimeoutMs);
}

/** The configuration part of preflight alone (npm start runs it before it may start a redis-server). */
export async function checkStartConfig(config: AppConfig, roles: PreflightRoles): Promise<void> {
  if (roles.api) {
    assertApiConfig(config);
    await assertPortFree('PORT', config.host, config.port);
  }
  if (roles.metrics && config.metricsPort !== null) {
    await assertPortFree('METRICS_PORT', config.host, config.metricsPort);
  }
}
