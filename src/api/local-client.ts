import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config/index.js';

// Set by reverse proxies: a request that carries one came from elsewhere, whatever the socket says.
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * True when the request comes from this machine and not through a proxy. Reads the socket
 * address (the app does not trust proxy headers), so a local nginx forwarding outside
 * traffic would look local; the forwarding headers it adds give it away.
 */
export function isLocalClient(request: Pick<FastifyRequest, 'ip' | 'headers'>): boolean {
  if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) return false;
  return isLoopbackHost(request.ip);
}
