import type { FastifyInstance } from 'fastify';
import type { AccountBlocks } from '../../accounts/index.js';
import { unknownAccount } from '../api-errors.js';
import { accountIdSchema, parseRequest } from '../request-schemas.js';

export interface BlockRoutesOptions {
  accountIds: ReadonlySet<string>;
  blocks: AccountBlocks;
}

/**
 * DELETE /wechat/accounts/:accountId/block, under /official-api: the explicit unblock an
 * operator runs after fixing the IP whitelist, so the next sync calls WeChat at once
 * instead of failing fast until the block expires.
 */
export async function blockRoutes(app: FastifyInstance, opts: BlockRoutesOptions): Promise<void> {
  app.delete<{ Params: { accountId: string } }>('/wechat/accounts/:accountId/block', async (request) => {
    const accountId = parseRequest(accountIdSchema, request.params.accountId, 'accountId');
    if (!opts.accountIds.has(accountId)) throw unknownAccount(accountId);
    const wasBlocked = await opts.blocks.clear(accountId);
    request.log.info({ accountId, wasBlocked }, 'account unblocked by API request');
    return { accountId, wasBlocked };
  });
}
