import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, internalError, redisUnavailable } from './api-errors.js';
import { type RequestLimits, toApiError } from './to-api-error.js';

export interface ErrorHandlerOptions {
  limits: RequestLimits;
  /** True when the Redis the routes use is not connected: a server fault is then reported as 503. */
  isRedisDown: () => boolean;
}

/** Sends a catalog error in the one response shape. */
export function sendApiError(reply: FastifyReply, error: ApiError, requestId?: string): FastifyReply {
  return reply
    .code(error.statusCode)
    .headers({ ...error.headers })
    .send(error.toBody(requestId));
}

/**
 * One error handler and one not-found handler for the whole API (scopes that need their
 * own 404, such as the authenticated prefixes, reuse `notFound`). Client errors answer
 * with their reason; server faults are logged with the request id and answered without
 * detail, since a stack or a Redis reply is no business of the caller.
 */
async function errorHandlerPlugin(app: FastifyInstance, opts: ErrorHandlerOptions): Promise<void> {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(err, opts.limits);
    if (apiError) {
      request.log.info({ code: apiError.code, reason: apiError.message }, 'request refused');
      return sendApiError(reply, apiError);
    }
    request.log.error({ err }, 'request failed');
    if (opts.isRedisDown()) return sendApiError(reply, redisUnavailable(), request.id);
    return sendApiError(reply, internalError(request.id), request.id);
  });
  app.setNotFoundHandler(notFound);
}

export function notFound(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendApiError(reply, new ApiError('NOT_FOUND', 'route: no such route; check the method and path'));
}

export const errorHandler = fp(errorHandlerPlugin, { name: 'wechat-sync-error-handler', fastify: '5.x' });
