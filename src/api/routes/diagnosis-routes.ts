import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type DiagnosisDeps, runDiagnosis } from '../../diagnosis/index.js';
import { unknownAccount } from '../api-errors.js';
import { accountIdSchema, diagnosisRequestSchema, parseRequest } from '../request-schemas.js';

export interface DiagnosisRoutesOptions {
  diagnosis: DiagnosisDeps;
  accountIds: ReadonlySet<string>;
}

type DiagnosisRequest = FastifyRequest<{ Querystring: { accountId?: string } }>;

/**
 * GET /wechat/diagnosis[?accountId=], under /official-api: the report as JSON, HTTP 200
 * when healthy and 503 when Redis is unreachable or any account cannot get a token, so a
 * deploy pipeline can gate on the status alone. GET changes nothing; POST (with a JSON
 * body, `{}` or `{"accountId": …}`) runs the same check and lifts the whitelist block of
 * every account whose token check succeeds, as the CLI's diagnose does.
 */
export async function diagnosisRoutes(app: FastifyInstance, opts: DiagnosisRoutesOptions): Promise<void> {
  const diagnose = async (
    request: FastifyRequest,
    reply: FastifyReply,
    raw: unknown,
    liftBlocks: boolean,
  ) => {
    const accountId = raw === undefined ? undefined : parseRequest(accountIdSchema, raw, 'accountId');
    if (accountId !== undefined && !opts.accountIds.has(accountId)) throw unknownAccount(accountId);
    const report = await runDiagnosis(opts.diagnosis, {
      liftBlocks,
      ...(accountId === undefined ? {} : { accountId }),
    });
    for (const account of report.accounts) {
      if (account.block.clearedByThisCheck) {
        request.log.info(
          { accountId: account.accountId },
          'whitelist block lifted by a successful diagnosis',
        );
      }
    }
    return reply.code(report.healthy ? 200 : 503).send(report);
  };
  app.get('/wechat/diagnosis', (request: DiagnosisRequest, reply) =>
    diagnose(request, reply, request.query.accountId, false),
  );
  app.post('/wechat/diagnosis', (request, reply) => {
    const body = parseRequest(diagnosisRequestSchema, request.body, 'body');
    return diagnose(request, reply, body.accountId, true);
  });
}
