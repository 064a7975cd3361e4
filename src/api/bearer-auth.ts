import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ApiError } from './api-errors.js';
import { sendApiError } from './error-handler.js';
import type { SecretDigest } from './secret-digest.js';

export const AUTH_REALM = 'wechat-sync';

// RFC 7235: the scheme is case-insensitive; one token after it, nothing else.
const BEARER = /^bearer +(\S+) *$/i;

function unauthorized(reason: string, rfc6750Error?: 'invalid_request' | 'invalid_token'): ApiError {
  const challenge = `Bearer realm="${AUTH_REALM}"${rfc6750Error ? `, error="${rfc6750Error}"` : ''}`;
  return new ApiError('UNAUTHORIZED', reason, { 'www-authenticate': challenge });
}

/**
 * Why the Authorization header does not grant access, or null when it does. Pure. The
 * reasons never repeat what was sent: a mistyped token is still close to a real one.
 */
export function checkBearer(header: string | undefined, token: SecretDigest): ApiError | null {
  if (header === undefined || header === '') {
    return unauthorized('authorization: missing; send Authorization: Bearer <API_TOKEN>');
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) return unauthorized('authorization: expected the Bearer scheme', 'invalid_request');
  if (!token.matches(match[1])) return unauthorized('authorization: invalid token', 'invalid_token');
  return null;
}

/** onRequest hook: runs before the body is read, so an unauthenticated caller cannot make us parse it. */
export function bearerAuth(token: SecretDigest): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done) => {
    const refused = checkBearer(request.headers.authorization, token);
    if (!refused) return done();
    request.log.info({ reason: refused.message }, 'request refused: authorization');
    sendApiError(reply, refused);
  };
}
