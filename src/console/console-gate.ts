import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { declareAccessRole } from '../api/access-role.js';
import { type BoardCredentials, boardGate } from '../api/board-gate.js';

export interface ConsoleGateOptions {
  /** The operator credential (BOARD_USER / BOARD_PASSWORD). */
  operator: BoardCredentials | null;
  /** The viewer credential (BOARD_VIEWER_USER / BOARD_VIEWER_PASSWORD). */
  viewer: BoardCredentials | null;
  hostIsLoopback: boolean;
}

/**
 * The console's gate is Bull Board's (the same credentials and roles, `request.accessRole`):
 * with a credential configured, Basic auth decides operator or viewer; with none, local
 * clients on a loopback HOST are operators; otherwise nobody gets in.
 */
export async function consoleGate(
  app: FastifyInstance,
  opts: ConsoleGateOptions,
): Promise<onRequestHookHandler> {
  declareAccessRole(app);
  return boardGate(app, {
    credentials: opts.operator,
    viewerCredentials: opts.viewer,
    hostIsLoopback: opts.hostIsLoopback,
    area: 'console',
  });
}
