import type { FastifyInstance, FastifyRequest } from 'fastify';
import { echoText } from '../log/bound-text.js';
import { ApiError, badRequest } from './api-errors.js';
import { findJsonKeyProblem } from './json-keys.js';

const JSON_TYPE = 'application/json';

/** `charset=…` of a content type, lower-cased, or null when none is given. */
function charsetOf(contentType: string): string | null {
  for (const param of contentType.split(';').slice(1)) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'charset')
      return (value ?? '').trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return null;
}

/** Parses a JSON body or throws the catalog error that says what is wrong with it. Pure. */
export function parseJsonBody(body: string, contentType: string): unknown {
  const charset = charsetOf(contentType);
  // JSON is UTF-8 (RFC 8259 §8.1); a body declared otherwise would be misread, not converted.
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'content-type: the charset of a JSON body must be utf-8');
  }
  if (body.length === 0) throw badRequest('body: empty, expected a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw badRequest('body: malformed JSON');
  }
  const problem = findJsonKeyProblem(body);
  if (problem?.kind === 'forbidden') throw badRequest(`body: the key "${problem.key}" is refused`);
  if (problem) throw badRequest(`body: duplicate key "${echoText(problem.key, 64)}"`);
  return value;
}

/**
 * Replaces Fastify's JSON parser (which keeps the last of duplicate keys and reports a
 * `__proto__` key as malformed JSON) and refuses compressed bodies: nothing here
 * decompresses, so a gzip body would otherwise be parsed as if it were plain text.
 */
export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(JSON_TYPE);
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (request: FastifyRequest, body, done) => {
    try {
      done(null, parseJsonBody(body as string, request.headers['content-type'] ?? JSON_TYPE));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addHook('onRequest', (request, reply, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') return done();
    reply.code(415);
    done(new ApiError('UNSUPPORTED_MEDIA_TYPE', 'content-encoding: compressed bodies are not accepted'));
  });
}
