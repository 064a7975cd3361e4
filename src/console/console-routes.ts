import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import { ApiError, badRequest } from '../api/api-errors.js';
import { BOARD_PATH } from '../api/board.js';
import { describeRequestIssues } from '../api/request-schemas.js';
import type { ConsoleLang } from '../config/env-schema.js';
import { type Lang, type MessageKey, type Translate, translator } from '../i18n/index.js';
import type { SyncQueue } from '../queue/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { SyncStore } from '../store/sync-store.js';
import { readAccountPage } from './account-page-data.js';
import { accountPageView } from './account-view-model.js';
import type { ConsoleAccount } from './console-account.js';
import { consoleLang } from './console-lang.js';
import { CONSOLE_SCRIPT } from './console-script.js';
import { HEALTH_STATES } from './health-state.js';
import { accountRowView, selectAccounts } from './list-view-model.js';
import { readHealthFacts } from './read-health-facts.js';
import { readRowDetails } from './read-row-details.js';

export const CONSOLE_PATH = '/console';

export interface ConsoleRouteDeps {
  accounts: readonly ConsoleAccount[];
  redis: RedisClient;
  keys: RedisKeys;
  queue: SyncQueue;
  status: AccountStatus;
  blocks: AccountBlocks;
  store: SyncStore | null;
  lang: ConsoleLang;
  /** Whether a live diagnosis can run here (the API has the token cache). */
  canDiagnose: boolean;
  now: () => number;
}

const listQuerySchema = z.object({
  state: z.enum(['all', ...HEALTH_STATES]).default('all'),
  q: z.string().max(100).default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  lang: z.string().max(10).optional(),
});

/** Flash messages an action may ask the page to show (by key, so no text from the URL reaches the page). */
export const FLASHES = ['enqueued', 'deduplicated', 'unblocked', 'notBlocked'] as const;
const JOB_ID = /^[A-Za-z0-9_:-]{1,160}$/;
const accountQuerySchema = z.object({
  done: z.enum(FLASHES).optional(),
  job: z.string().regex(JOB_ID).optional(),
  lang: z.string().max(10).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(describeRequestIssues(parsed.error, root));
  return parsed.data;
}

export interface PageContext {
  lang: Lang;
  t: Translate;
  role: 'operator' | 'viewer';
  csrfToken: string | null;
  path: string;
  boardPath: string;
}

/** What every template gets besides its own data; a CSRF token only for operators, who see the forms. */
export function pageContext(request: FastifyRequest, reply: FastifyReply, setting: ConsoleLang): PageContext {
  const lang = consoleLang(setting, request, reply);
  const role = request.accessRole;
  return {
    lang,
    t: translator(lang),
    role,
    csrfToken: role === 'operator' ? reply.generateCsrf() : null,
    path: request.url.split('?', 1)[0] ?? CONSOLE_PATH,
    boardPath: BOARD_PATH,
  };
}

export function findAccount(accounts: readonly ConsoleAccount[], raw: string): ConsoleAccount {
  const account = accounts.find((a) => a.accountId === raw);
  if (!account) throw new ApiError('NOT_FOUND', `accountId: no account ${raw.slice(0, 64)}`);
  return account;
}

export function flashText(
  t: Translate,
  done: (typeof FLASHES)[number] | undefined,
  job?: string,
): string | null {
  if (!done) return null;
  const key: MessageKey = `flash.${done}`;
  return t(key, { jobId: job ?? '' });
}

/** GET pages of the console: the accounts list, one account, and the script. */
export async function consoleRoutes(app: FastifyInstance, deps: ConsoleRouteDeps): Promise<void> {
  const byId = deps.accounts;
  const pageDeps = { ...deps, repeatKey: deps.queue.keys.repeat ?? '' };

  app.get('/assets/console.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(CONSOLE_SCRIPT),
  );

  app.get('/', async (request, reply) => {
    const query = parse(listQuerySchema, request.query, 'query');
    const ctx = pageContext(request, reply, deps.lang);
    const now = deps.now();
    const facts = await readHealthFacts(deps.redis, deps.keys, byId);
    const selection = selectAccounts(
      facts,
      { state: query.state, q: query.q.toLowerCase(), page: query.page },
      now,
    );
    const details = await readRowDetails(pageDeps, selection.rows);
    const scheduled = new Map(byId.map((a) => [a.accountId, a.scheduled]));
    const rows = selection.rows.map((a) =>
      accountRowView(a, details.get(a.accountId), {
        ...ctx,
        now,
        scheduled: scheduled.get(a.accountId) ?? false,
      }),
    );
    return reply.view('accounts', { ...ctx, query, selection, rows, states: HEALTH_STATES });
  });

  app.get<{ Params: { accountId: string } }>('/accounts/:accountId', async (request, reply) => {
    const account = findAccount(byId, request.params.accountId);
    const query = parse(accountQuerySchema, request.query, 'query');
    const ctx = pageContext(request, reply, deps.lang);
    const now = deps.now();
    const data = await readAccountPage(deps, account);
    const view = accountPageView(account, data, { ...ctx, now });
    return reply.view('account', {
      ...ctx,
      account,
      view,
      flash: flashText(ctx.t, query.done, query.job),
      flashOk: true,
      canDiagnose: deps.canDiagnose,
    });
  });
}
