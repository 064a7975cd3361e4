import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { SyncQueue } from '../queue/index.js';
import { type BoardGateOptions, boardEnabled, boardGate, operatorOnly, readsOnly } from './board-gate.js';
import { notFound } from './error-handler.js';

/** The operator's board: every action Bull Board has. */
export const BOARD_PATH = '/admin/queues';
/** The viewer's board: Bull Board in readOnlyMode, the same pages without actions. */
export const BOARD_VIEW_PATH = '/admin/view/queues';

export interface BoardOptions extends BoardGateOptions {
  queue: SyncQueue;
  /** Which of the two boards this is. */
  readOnly: boolean;
}

/**
 * One Bull Board, registered under BOARD_PATH (writable) or BOARD_VIEW_PATH (readOnlyMode).
 * The gate hook sits in this scope, above the adapter's own plugin, so it runs for every
 * route the adapter adds (its page, its @fastify/static assets, its JSON API and actions)
 * and for the scope's 404s.
 */
export async function bullBoard(app: FastifyInstance, opts: BoardOptions): Promise<void> {
  const basePath = opts.readOnly ? BOARD_VIEW_PATH : BOARD_PATH;
  app.addHook('onRequest', await boardGate(app, opts));
  app.addHook('onRequest', opts.readOnly ? readsOnly : operatorOnly(BOARD_VIEW_PATH, BOARD_PATH));
  app.setNotFoundHandler(notFound);
  if (!boardEnabled(opts)) return;

  const adapter = new FastifyAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: [new BullMQAdapter(opts.queue, { readOnlyMode: opts.readOnly })],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: opts.readOnly ? 'wechat-sync (read-only)' : 'wechat-sync' } },
  });
  await app.register(adapter.registerPlugin());
}
