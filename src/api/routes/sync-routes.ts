import type { FastifyInstance } from 'fastify';
import type { AccountBlocks } from '../../accounts/index.js';
import { enqueueSync, type SyncQueue } from '../../queue/index.js';
import { jobNotFound, unknownAccount } from '../api-errors.js';
import { toJobView } from '../job-view.js';
import { jobIdSchema, parseRequest, syncRequestSchema } from '../request-schemas.js';

export interface SyncRoutesOptions {
  queue: SyncQueue;
  accountIds: ReadonlySet<string>;
  blocks: AccountBlocks;
  now: () => number;
}

/** POST /wechat/sync (enqueue) and GET /wechat/sync/:jobId (status), under /official-api. */
export async function syncRoutes(app: FastifyInstance, opts: SyncRoutesOptions): Promise<void> {
  app.post('/wechat/sync', async (request, reply) => {
    const body = parseRequest(syncRequestSchema, request.body, 'body');
    if (!opts.accountIds.has(body.accountId)) throw unknownAccount(body.accountId);
    const force = body.force ?? false;
    const result = await enqueueSync(opts.queue, { accountId: body.accountId, force, trigger: 'api' });
    request.log.info({ accountId: body.accountId, force, ...result }, 'sync enqueued');
    return reply.code(202).send(result);
  });

  app.get<{ Params: { jobId: string } }>('/wechat/sync/:jobId', async (request) => {
    const jobId = parseRequest(jobIdSchema, request.params.jobId, 'jobId');
    const job = await opts.queue.getJob(jobId);
    if (!job) throw jobNotFound(jobId);
    const state = await job.getState();
    const accountId = typeof job.data?.accountId === 'string' ? job.data.accountId : null;
    const block = accountId && opts.accountIds.has(accountId) ? await opts.blocks.get(accountId) : null;
    return toJobView(job, state, block, opts.now());
  });
}
