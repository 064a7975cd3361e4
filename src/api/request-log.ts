import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One line per request, with plain fields. Fastify's own lines log the raw request and
 * reply objects and rely on serializers to shrink them, but our logger (src/log) scrubs
 * every logged object before serializers run, which renders those objects as `{}`.
 * Routes that set `logLevel: 'warn'` (the probes) stay silent through request.log.
 */
export class ApiLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const { method, url, ip } = request;
    const fields = { method, url, ip, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) request.log.error({ ...fields, err: error }, 'request errored');
    else request.log.info(fields, 'request');
  }
}
