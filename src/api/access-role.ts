import type { FastifyInstance } from 'fastify';

/**
 * Who a board or console request acts as. The operator (BOARD_USER/BOARD_PASSWORD, or a
 * local client when no credentials are configured on a loopback HOST) may change things;
 * the viewer (BOARD_VIEWER_USER/BOARD_VIEWER_PASSWORD) only looks.
 */
export type AccessRole = 'operator' | 'viewer';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the board/console gate; 'viewer' (the lesser role) until a gate says otherwise. */
    accessRole: AccessRole;
  }
}

/** Declares `request.accessRole` once on the root instance, whichever gate asks first. */
export function declareAccessRole(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('accessRole')) app.decorateRequest('accessRole', 'viewer');
}
