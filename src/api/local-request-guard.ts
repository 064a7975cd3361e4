import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { isLoopbackHost } from '../config/index.js';
import { ApiError } from './api-errors.js';
import { sendApiError } from './error-handler.js';

/*
 * Where access is granted for being local (no API_TOKEN, or no board credentials, on a
 * loopback HOST), "local" must also rule out the operator's own browser acting for a web
 * page: a DNS-rebound hostname (Host names the attacker's domain), a cross-site fetch or
 * form post (Origin / Sec-Fetch-Site name another site), and a simple cross-site POST
 * that needs no CORS preflight (any body type but JSON).
 */

/** A Host header is a name or an IP literal and a port; anything longer is not one. */
const MAX_HOST_LENGTH = 261;
const HOST_SYNTAX = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;

/** Methods a page can send cross-site without a CORS preflight when the body type is not JSON. */
const SIMPLE_BODY_METHODS = new Set(['POST']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface LocalRequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  contentType: string | undefined;
}

/** Host (or Origin's host) is a loopback name with the served port; `servedPort` null = any port. */
function isLoopbackAuthority(authority: string, servedPort: number | null, defaultPort: number): boolean {
  if (authority.length > MAX_HOST_LENGTH) return false;
  const match = HOST_SYNTAX.exec(authority);
  if (!match) return false;
  const name = match[1] === undefined ? authority : authority.slice(0, -(match[1].length + 1));
  const port = match[1] === undefined ? defaultPort : Number(match[1]);
  return isLoopbackHost(name) && (servedPort === null || port === servedPort);
}

function isOwnOrigin(origin: string, servedPort: number | null): boolean {
  // Browsers send the literal `null` from sandboxed frames, data: URLs and some redirects.
  const prefix = 'http://';
  if (!origin.toLowerCase().startsWith(prefix)) return false;
  return isLoopbackAuthority(origin.slice(prefix.length), servedPort, 80);
}

const mediaType = (contentType: string): string => (contentType.split(';')[0] ?? '').trim().toLowerCase();

/** Why a request to a locally trusted route is refused, or null. Pure. */
export function checkLocalRequest(
  req: LocalRequestFacts,
  servedPort: number | null,
  forms = false,
): ApiError | null {
  if (req.host === undefined || !isLoopbackAuthority(req.host, servedPort, 80)) {
    return new ApiError(
      'FORBIDDEN',
      `host: only a loopback name${servedPort === null ? '' : ` with port ${servedPort}`} is served without credentials (DNS rebinding protection)`,
    );
  }
  if (req.origin !== undefined && !isOwnOrigin(req.origin, servedPort)) {
    return new ApiError('FORBIDDEN', 'origin: requests from another site are refused');
  }
  if (req.secFetchSite === 'cross-site' || req.secFetchSite === 'same-site') {
    return new ApiError('FORBIDDEN', 'sec-fetch-site: requests from another site are refused');
  }
  // A route that checks a CSRF token of its own (the console) may take HTML form posts.
  if (forms) return null;
  const type = req.contentType === undefined ? undefined : mediaType(req.contentType);
  const needsJson =
    (SIMPLE_BODY_METHODS.has(req.method) && type !== 'application/json') ||
    (BODY_METHODS.has(req.method) && type !== undefined && type !== 'application/json');
  if (needsJson) {
    return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'content-type: must be application/json');
  }
  return null;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * The onRequest hook for routes trusted because the client is local. The served port is
 * the socket's own (the real one when PORT is 0); a request injected without a socket
 * (tests) is held to the configured port, or to any when that is 0.
 */
export function localRequestGuard(
  configuredPort: number,
  opts: { forms?: boolean } = {},
): onRequestHookHandler {
  return (request, reply, done) => {
    const localPort = request.socket?.localPort;
    const servedPort = localPort ?? (configuredPort === 0 ? null : configuredPort);
    const refused = checkLocalRequest(
      {
        method: request.method,
        host: header(request, 'host'),
        origin: header(request, 'origin'),
        secFetchSite: header(request, 'sec-fetch-site'),
        contentType: header(request, 'content-type'),
      },
      servedPort,
      opts.forms === true,
    );
    if (!refused) return done();
    request.log.warn({ reason: refused.message }, 'request refused: not a local request');
    sendApiError(reply, refused);
  };
}
