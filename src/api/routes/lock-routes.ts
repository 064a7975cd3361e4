import type { FastifyInstance } from 'fastify';
import { cleanupLocks, type LockReportDeps, listLocks } from '../../diagnosis/index.js';

/**
 * Under /official-api: GET /wechat/locks lists every account lock with its holder and
 * whether that job still runs; POST /wechat/locks/cleanup releases the orphans
 * (compare-and-delete, never a lock an active job holds) and reports what it did.
 */
export async function lockRoutes(app: FastifyInstance, opts: LockReportDeps): Promise<void> {
  app.get('/wechat/locks', async () => ({ locks: await listLocks(opts) }));
  app.post('/wechat/locks/cleanup', async (request) => {
    const report = await cleanupLocks(opts);
    request.log.info(
      {
        released: report.released.map((l) => ({ accountId: l.accountId, jobId: l.jobId })),
        kept: report.kept.length,
        skipped: report.skipped.length,
      },
      'lock cleanup',
    );
    return report;
  });
}
