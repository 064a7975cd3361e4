import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ApiError } from '../../api/api-errors.js';
import { AUTH_REALM } from '../../api/bearer-auth.js';
import { sendApiError } from '../../api/error-handler.js';
import type { TokenClient } from '../../config/index.js';
import type { TokenClientRegistry } from './client-registry.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token-authority client the bearer credential names (set by clientAuth). */
    tokenClient: TokenClient | null;
  }
}

// RFC 7235: the scheme is case-insensitive; one token after it. The length cap bounds hashing work.
const BEARER = /^bearer +(\S{1,512}) *$/i;

function unauthorized(reason: string, rfc6750Error?: 'invalid_request' | 'invalid_token'): ApiError {
  const challenge = `Bearer realm="${AUTH_REALM}"${rfc6750Error ? `, error="${rfc6750Error}"` : ''}`;
  return new ApiError('UNAUTHORIZED', reason, { 'www-authenticate': challenge });
}

/** The client an Authorization header names, or why it names none. Pure; never repeats what was sent. */
export function identifyClient(
  header: string | undefined,
  registry: TokenClientRegistry,
): { client: TokenClient } | { refused: ApiError } {
  if (header === undefined || header === '') {
    return {
      refused: unauthorized('authorization: missing; send Authorization: Bearer <your client credential>'),
    };
  }
  const match = header.length <= 600 ? BEARER.exec(header) : null;
  if (!match?.[1])
    return { refused: unauthorized('authorization: expected the Bearer scheme', 'invalid_request') };
  const client = registry.find(match[1]);
  return client
    ? { client }
    : { refused: unauthorized('authorization: unknown client credential', 'invalid_token') };
}

/** onRequest hook: before the body is read, so an unknown caller cannot make us parse it. */
export function clientAuth(registry: TokenClientRegistry): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done) => {
    const found = identifyClient(request.headers.authorization, registry);
    if ('client' in found) {
      request.tokenClient = found.client;
      return done();
    }
    request.log.info({ reason: found.refused.message }, 'token request refused: authorization');
    sendApiError(reply, found.refused);
  };
}
