import type { FastifyInstance } from 'fastify';
import { type DiagnosisDeps, runDiagnosis } from '../../diagnosis/index.js';
import { unknownAccount } from '../api-errors.js';
import { accountIdSchema, parseRequest } from '../request-schemas.js';

export interface DiagnosisRoutesOptions {
  diagnosis: DiagnosisDeps;
  accountIds: ReadonlySet<string>;
}

/**
 * GET /wechat/diagnosis[?accountId=], under /official-api: the report as JSON, HTTP 200
 * when healthy and 503 when Redis is unreachable or any account cannot get a token, so a
 * deploy pipeline can gate on the status alone.
 */
export async function diagnosisRoutes(app: FastifyInstance, opts: DiagnosisRoutesOptions): Promise<void> {
  app.get<{ Querystring: { accountId?: string } }>('/wechat/diagnosis', async (request, reply) => {
    const raw = request.query.accountId;
    const accountId = raw === undefined ? undefined : parseRequest(accountIdSchema, raw, 'accountId');
    if (accountId !== undefined && !opts.accountIds.has(accountId)) throw unknownAccount(accountId);
    const report = await runDiagnosis(opts.diagnosis, accountId === undefined ? {} : { accountId });
    for (const account of report.accounts) {
      if (account.block.clearedByThisCheck) {
        request.log.info(
          { accountId: account.accountId },
          'whitelist block lifted by a successful diagnosis',
        );
      }
    }
    return reply.code(report.healthy ? 200 : 503).send(report);
  });
}
