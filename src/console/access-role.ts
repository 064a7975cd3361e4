/**
 * Who is looking: an operator may act (sync, unblock, diagnose; Bull Board writable), a
 * viewer only reads. Set on every request by the gate in front of the console (and, once
 * unified, of Bull Board): the shared contract is `request.accessRole`.
 */
export type AccessRole = 'operator' | 'viewer';

declare module 'fastify' {
  interface FastifyRequest {
    accessRole: AccessRole;
  }
}
