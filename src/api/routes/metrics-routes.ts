import type { FastifyInstance } from 'fastify';
import type { PromMetrics } from '../../metrics/index.js';

/**
 * GET /metrics: Prometheus text format. Outside /official-api and without the bearer
 * token, as /healthz is, because scrapers are configured per target; it carries no
 * secret (account ids, IPs, counts). Put it behind the network, not on a public HOST.
 */
export async function metricsRoutes(app: FastifyInstance, opts: { metrics: PromMetrics }): Promise<void> {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await opts.metrics.expose();
    return reply.type(contentType).send(body);
  });
}
