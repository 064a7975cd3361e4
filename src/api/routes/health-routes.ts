import type { FastifyInstance } from 'fastify';
import type { RedisClient } from '../../redis/connection.js';
import { checkRedis } from '../redis-readiness.js';

export interface HealthRoutesOptions {
  redis: RedisClient;
  readyTimeoutMs: number;
}

/**
 * Liveness and readiness, unauthenticated (orchestrator probes carry no token) and
 * logged at warn only: a probe every few seconds would drown the request log.
 */
export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    const reason = await checkRedis(opts.redis, opts.readyTimeoutMs);
    if (reason === null) return { status: 'ready' };
    request.log.warn({ reason }, 'not ready');
    return reply.code(503).send({ status: 'unready', reason });
  });
}
