import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { SyncQueue } from '../queue/index.js';
import { type BoardGateOptions, boardEnabled, boardGate } from './board-gate.js';
import { notFound } from './error-handler.js';

export const BOARD_PATH = '/admin/queues';

export interface BoardOptions extends BoardGateOptions {
  queue: SyncQueue;
}

/**
 * Bull Board, registered under BOARD_PATH. The gate hook sits in this scope, above the
 * adapter's own plugin, so it runs for every route the adapter adds (its page, its
 * @fastify/static assets, its JSON API and actions) and for the scope's 404s.
 */
export async function bullBoard(app: FastifyInstance, opts: BoardOptions): Promise<void> {
  app.addHook('onRequest', await boardGate(app, opts));
  app.setNotFoundHandler(notFound);
  if (!boardEnabled(opts)) return;

  const adapter = new FastifyAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(opts.queue)],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'wechat-sync' } },
  });
  await app.register(adapter.registerPlugin());
}
