import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PromMetrics } from './prom-metrics.js';

export interface RunningMetricsServer {
  /** e.g. `http://127.0.0.1:9464/metrics`. */
  url: string;
  /** Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A worker process's own /metrics (METRICS_PORT): each worker keeps its counters in
 * memory and Prometheus scrapes every worker, the usual pull model. Plain node:http
 * because one read-only route needs none of Fastify's machinery.
 */
export async function startMetricsServer(
  metrics: PromMetrics,
  opts: { host: string; port: number },
): Promise<RunningMetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found; metrics are at /metrics\n');
      return;
    }
    metrics.expose().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/metrics`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
