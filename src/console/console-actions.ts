import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { AccountBlocks } from '../accounts/index.js';
import { ApiError } from '../api/api-errors.js';
import type { DiagnosisDeps } from '../diagnosis/index.js';
import { runDiagnosis } from '../diagnosis/index.js';
import { localizeDiagnostic } from '../failures/index.js';
import { enqueueSync, type SyncQueue } from '../queue/index.js';
import { readAccountPage } from './account-page-data.js';
import { accountPageView } from './account-view-model.js';
import { CONSOLE_PATH, type ConsoleRouteDeps, findAccount, pageContext } from './console-routes.js';

export interface ConsoleActionDeps extends ConsoleRouteDeps {
  queue: SyncQueue;
  blocks: AccountBlocks;
  /** null = no live diagnosis here (an API built without the token cache). */
  diagnosis: DiagnosisDeps | null;
}

const operatorOnly: preHandlerHookHandler = (request, reply, done) => {
  if (request.accessRole === 'operator') return done();
  request.log.warn({ url: request.url }, 'console action refused: viewer');
  reply
    .code(403)
    .send(new ApiError('FORBIDDEN', 'console: actions need the operator credential').toBody(request.id));
};

type AccountRequest = { Params: { accountId: string } };

function accountUrl(accountId: string, done: string, job?: string): string {
  const params = new URLSearchParams({ done, ...(job ? { job } : {}) });
  return `${CONSOLE_PATH}/accounts/${encodeURIComponent(accountId)}?${params}`;
}

/**
 * The POST actions of an account page: sync now, lift the block, run a live diagnosis.
 * Operators only, each behind the CSRF check; a done action redirects (303) back to the
 * page with a flash key, so a reload does not repeat it.
 */
export async function consoleActions(app: FastifyInstance, deps: ConsoleActionDeps): Promise<void> {
  const guard = [operatorOnly, app.csrfProtection];

  app.post<AccountRequest>('/accounts/:accountId/sync', { preHandler: guard }, async (request, reply) => {
    const { accountId } = findAccount(deps.accounts, request.params.accountId);
    const { jobId, deduplicated } = await enqueueSync(deps.queue, { accountId, trigger: 'api' });
    request.log.info({ accountId, jobId, deduplicated }, 'sync enqueued from the console');
    return reply.redirect(accountUrl(accountId, deduplicated ? 'deduplicated' : 'enqueued', jobId), 303);
  });

  app.post<AccountRequest>('/accounts/:accountId/unblock', { preHandler: guard }, async (request, reply) => {
    const { accountId } = findAccount(deps.accounts, request.params.accountId);
    const wasBlocked = await deps.blocks.clear(accountId);
    request.log.info({ accountId, wasBlocked }, 'account unblocked from the console');
    return reply.redirect(accountUrl(accountId, wasBlocked ? 'unblocked' : 'notBlocked'), 303);
  });

  // A diagnosis answers with the page itself: its result is not stored anywhere to redirect to.
  app.post<AccountRequest>('/accounts/:accountId/diagnose', { preHandler: guard }, async (request, reply) => {
    const account = findAccount(deps.accounts, request.params.accountId);
    if (!deps.diagnosis)
      throw new ApiError('NOT_FOUND', 'console: live diagnosis is not available in this process');
    const report = await runDiagnosis(deps.diagnosis, { accountId: account.accountId });
    const result = report.accounts[0];
    const ctx = pageContext(request, reply, deps.lang);
    const failure = result?.token.failure ?? null;
    const summary = failure ? localizeDiagnostic(failure, ctx.lang).summary : (result?.token.error ?? '');
    const flash = result?.token.ok
      ? ctx.t(result.block.clearedByThisCheck ? 'flash.diagnosisOkUnblocked' : 'flash.diagnosisOk')
      : ctx.t('flash.diagnosisFailed', { summary });
    request.log.info(
      { accountId: account.accountId, ok: result?.token.ok ?? false },
      'live diagnosis from the console',
    );
    const now = deps.now();
    const data = await readAccountPage(deps, account);
    return reply.view('account', {
      ...ctx,
      account,
      view: accountPageView(account, data, { ...ctx, now }),
      flash,
      flashOk: result?.token.ok ?? false,
      canDiagnose: true,
    });
  });
}
