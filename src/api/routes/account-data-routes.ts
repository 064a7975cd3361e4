import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccountStatus } from '../../accounts/index.js';
import { InvalidCursorError } from '../../store/invalid-cursor-error.js';
import type { SyncStore } from '../../store/sync-store.js';
import { badRequest, unknownAccount } from '../api-errors.js';
import { accountIdSchema, parseRequest } from '../request-schemas.js';

export interface AccountDataRoutesOptions {
  accountIds: ReadonlySet<string>;
  store: SyncStore;
  status: AccountStatus;
}

/** Default and largest page of the articles route; the store allows more, an HTTP page need not. */
export const DEFAULT_ARTICLES_LIMIT = 20;
export const MAX_ARTICLES_LIMIT = 100;

/**
 * Strict, so a misspelt `limt` is a 400 rather than a silently default page. A repeated
 * parameter reaches us as an array and fails the string check. Cursors are the store's
 * base64url text; the bound keeps a pasted blob out of the store.
 */
export const articlesQuerySchema = z
  .object({
    cursor: z
      .string({ error: 'must be a cursor from a previous page (given once)' })
      .regex(/^[A-Za-z0-9_-]{1,1024}$/, 'must be a cursor from a previous page')
      .optional(),
    limit: z
      .string({ error: `must be an integer from 1 to ${MAX_ARTICLES_LIMIT} (given once)` })
      .regex(/^\d{1,4}$/, `must be an integer from 1 to ${MAX_ARTICLES_LIMIT}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, `must be from 1 to ${MAX_ARTICLES_LIMIT}`)
          .max(MAX_ARTICLES_LIMIT, `must be from 1 to ${MAX_ARTICLES_LIMIT}`),
      )
      .optional(),
  })
  .strict();

type AccountParams = { Params: { accountId: string } };

/**
 * Read-only views of what the sync stored, under /official-api (behind its bearer check):
 * articles page by page, the follower counts, and each kind's sync state beside the
 * account's last success and last failure (with its diagnostic).
 */
export async function accountDataRoutes(app: FastifyInstance, opts: AccountDataRoutesOptions): Promise<void> {
  const knownAccount = (raw: string): string => {
    const accountId = parseRequest(accountIdSchema, raw, 'accountId');
    if (!opts.accountIds.has(accountId)) throw unknownAccount(accountId);
    return accountId;
  };

  app.get<AccountParams & { Querystring: Record<string, unknown> }>(
    '/wechat/accounts/:accountId/articles',
    async (request) => {
      const accountId = knownAccount(request.params.accountId);
      const query = parseRequest(articlesQuerySchema, { ...request.query }, 'query');
      const limit = query.limit ?? DEFAULT_ARTICLES_LIMIT;
      try {
        const page = await opts.store.listArticles(accountId, {
          limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return { accountId, items: page.items, nextCursor: page.nextCursor };
      } catch (err) {
        if (err instanceof InvalidCursorError)
          throw badRequest('cursor: must be a cursor from a previous page');
        throw err;
      }
    },
  );

  app.get<AccountParams>('/wechat/accounts/:accountId/followers/summary', async (request) => {
    const accountId = knownAccount(request.params.accountId);
    const [counts, state] = await Promise.all([
      opts.store.countFollowers(accountId),
      opts.store.getSyncState(accountId),
    ]);
    const { checkpoint, lastCompleted, lastFull } = state.followers;
    return {
      accountId,
      subscribed: counts.subscribed,
      unsubscribed: counts.unsubscribed,
      total: counts.subscribed + counts.unsubscribed,
      passInProgress: checkpoint,
      lastCompleted,
      lastFull,
    };
  });

  app.get<AccountParams>('/wechat/accounts/:accountId/sync-state', async (request) => {
    const accountId = knownAccount(request.params.accountId);
    const [status, kinds] = await Promise.all([
      opts.status.get(accountId),
      opts.store.getSyncState(accountId),
    ]);
    return {
      accountId,
      lastSuccess:
        status.lastSuccessAt === null
          ? null
          : { at: toIso(status.lastSuccessAt), jobId: status.lastSuccessJobId },
      lastFailure:
        status.lastFailureAt === null
          ? null
          : {
              at: toIso(status.lastFailureAt),
              jobId: status.lastFailureJobId,
              diagnostic: status.lastFailure,
            },
      kinds,
    };
  });
}

const toIso = (ms: number): string => new Date(ms).toISOString();
