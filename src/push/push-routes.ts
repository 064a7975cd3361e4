import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError } from '../api/api-errors.js';
import type { PushSecrets } from '../config/index.js';
import { describeIssues, enqueuePushEvents, type SyncQueue } from '../queue/index.js';
import { checkSigned, openPush, pushQuerySchema } from './open-push.js';
import type { PendingEvents } from './pending-events.js';
import { readPush } from './push-event.js';
import { apiErrorOf, PushRejection } from './push-rejection.js';
import { MAX_PUSH_BYTES } from './push-xml.js';

export const PUSH_PATH = '/wechat/push/:accountId';

/** What the route needs of an account. */
export interface PushAccount {
  accountId: string;
  appId: string;
  push: PushSecrets;
}

export interface PushRoutesOptions {
  /** Only accounts with `push` configured. */
  accounts: ReadonlyMap<string, PushAccount>;
  pending: PendingEvents;
  queue: SyncQueue;
  logger: Logger;
  now: () => number;
}

/**
 * WeChat's server URL of each account: GET answers the verification, POST takes a
 * message or event. Public by nature (WeChat cannot send our bearer token): every
 * request is authenticated by WeChat's signature with the account's push token. A push
 * is stored in Redis and answered at once (WeChat gives up after 5 s and retries); a job
 * does the work.
 */
export async function pushRoutes(app: FastifyInstance, opts: PushRoutesOptions): Promise<void> {
  const log = opts.logger.child({ component: 'push' });
  // WeChat sends text/xml (some proxies drop the type): take any body as text, bounded.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  function pushAccount(request: FastifyRequest<{ Params: { accountId: string } }>) {
    const account = opts.accounts.get(request.params.accountId);
    if (account === undefined)
      throw new ApiError('NOT_FOUND', 'accountId: no push configured for this account');
    const query = pushQuerySchema.safeParse(request.query);
    if (!query.success) throw new ApiError('BAD_REQUEST', describeIssues(query.error));
    return { account, secrets: account.push, query: query.data };
  }

  /** A refusal: a warn line (reason, account, caller; never the body), then the 4xx. */
  function refuse(request: FastifyRequest, accountId: string, err: unknown): never {
    if (!(err instanceof PushRejection)) throw err;
    log.warn({ accountId, reason: err.reason, ip: request.ip }, 'push refused');
    throw apiErrorOf(err);
  }

  // A push storm would write a request line per push: only refusals (warn) are logged here.
  const routeOptions = { logLevel: 'warn' } as const;

  app.get<{ Params: { accountId: string } }>(
    PUSH_PATH,
    routeOptions,
    async (request, reply: FastifyReply) => {
      const { account, secrets, query } = pushAccount(request);
      try {
        checkSigned(query, secrets, Math.floor(opts.now() / 1000));
      } catch (err) {
        refuse(request, account.accountId, err);
      }
      if (query.echostr === undefined) throw new ApiError('BAD_REQUEST', 'echostr: required');
      return reply.type('text/plain; charset=utf-8').send(query.echostr);
    },
  );

  app.post<{ Params: { accountId: string } }>(
    PUSH_PATH,
    routeOptions,
    async (request, reply: FastifyReply) => {
      const { account, secrets, query } = pushAccount(request);
      const body = typeof request.body === 'string' ? request.body : '';
      let root: ReturnType<typeof openPush>;
      try {
        root = openPush(query, body, secrets, account.appId, Math.floor(opts.now() / 1000));
      } catch (err) {
        refuse(request, account.accountId, err);
      }
      const push = readPush(root);
      if (push === null)
        refuse(request, account.accountId, new PushRejection(400, 'push without the fields its type needs'));
      const event = push.kind === 'event' ? push.event : null;
      const taken = await opts.pending.take(account.accountId, push.dedupId, event);
      // Also on a retry: if the first delivery's job was lost (a crash in between), this one makes it.
      if (taken.enqueue) await enqueuePushEvents(opts.queue, account.accountId);
      log.trace({ accountId: account.accountId, type: event?.type ?? 'ignored', ...taken }, 'push taken');
      return reply.type('text/plain; charset=utf-8').send('success');
    },
  );
}
