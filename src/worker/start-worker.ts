import type { Logger } from 'pino';
import { WhitelistWebhook } from '../alerts/index.js';
import { AnalyticsStore } from '../analytics/analytics-store.js';
import { AppCallPacer } from '../pacing/index.js';
import { AuthorizationGate } from '../platform/index.js';
import { applyPushEvents } from '../push/apply-push-events.js';
import { PendingEvents } from '../push/pending-events.js';
import { createPushEventsProcessor } from '../push/push-events-processor.js';
import { DEFAULT_BACKOFF, PUSH_EVENTS_JOB } from '../queue/index.js';
import { ApiQuotas, refreshQuotas } from '../quota/index.js';
import { connectRedis } from '../redis/connection.js';
import type { Services } from '../runtime/services.js';
import { runSync } from '../sync/index.js';
import { closeWorkerGracefully } from './close-worker.js';
import { createSyncWorker, type SyncWorker } from './create-sync-worker.js';
import { startReadPlan } from './start-reads.js';
import { createSyncProcessor } from './sync-processor.js';

/**
 * The sync worker's BullMQ connection auto-pipelines: what concurrent jobs send in one
 * tick (their log lines, progress, deduplication removals, BullMQ's own completions) goes
 * out in one write and is read by Redis in one go. Measured with `npm run bench`: Redis
 * CPU per job about a quarter lower at concurrency 50, worker CPU a little lower. BullMQ's
 * blocking connection, a duplicate, only ever has its one blocking command in flight.
 */
export const SYNC_WORKER_CONNECTION = { enableAutoPipelining: true } as const;

export interface RunningWorker {
  worker: SyncWorker;
  /** Stops taking jobs, lets running ones finish (bounded by SHUTDOWN_GRACE_MS), closes its connection. */
  close(): Promise<void>;
}

/** The sync worker role: a BullMQ worker whose processor is wired to the shared services. */
export async function startWorker(
  services: Services,
  opts: { concurrency?: number } = {},
): Promise<RunningWorker> {
  const { config, logger } = services;
  const log: Logger = logger.child({ role: 'worker', host: config.hostId });
  const webhook = config.alertWebhookUrl
    ? new WhitelistWebhook({
        url: config.alertWebhookUrl,
        redis: services.redis,
        keys: services.keys,
        // One alert per block period; with blocking off, one per default period (15 min).
        periodMs: config.whitelistBlockMs || 15 * 60_000,
        logger: log.child({ component: 'alert-webhook' }),
      })
    : null;
  const pacer = new AppCallPacer({
    redis: services.redis,
    keys: services.keys,
    ratePerSecond: config.wechatRatePerApp,
  });
  const accounts = new Map(config.accounts.map((a) => [a.accountId, a]));
  const analytics = {
    store: new AnalyticsStore(services.redis, services.keys),
    backfillDays: config.analyticsBackfillDays,
    callsPerPass: config.analyticsCallsPerPass,
  };
  const quotas = new ApiQuotas(services.redis, services.keys);
  const shared = {
    client: services.client,
    tokens: services.tokens,
    store: services.store,
    pacer,
    analytics,
  };
  const gate = new AuthorizationGate(config.platforms, services.platformStores.authorizations);
  const syncProcessor = createSyncProcessor({
    accounts,
    lock: services.lock,
    blocks: services.blocks,
    status: services.status,
    whitelistBlockMs: config.whitelistBlockMs,
    hostId: config.hostId,
    logger: log,
    metrics: services.metrics,
    ...(webhook ? { onWhitelistFault: (diagnostic) => void webhook.notify(diagnostic) } : {}),
    platformOf: (account) => gate.platformOf(account),
    startReads: startReadPlan(services.store, quotas),
    runSync: async ({ startReads, ...run }) => {
      // A revoked platform account fails here, before any WeChat call (a token may still be cached).
      await gate.check(run.account);
      const ctx = { ...run, ...shared, ...(startReads.syncState ? { syncState: startReads.syncState } : {}) };
      const summary = await runSync(ctx);
      // Kept fresh after each sync; a refusal here is logged by refreshQuotas, an outage only warned.
      const stored = startReads.quotaHash ?? undefined;
      await refreshQuotas(ctx, quotas, run.logger, stored ? { stored } : {}).catch((err: unknown) =>
        run.logger.warn({ err }, 'quota refresh failed'),
      );
      return summary;
    },
  });
  const pushProcessor = createPushEventsProcessor({
    accounts,
    lock: services.lock,
    pending: new PendingEvents(services.redis, services.keys),
    logger: log,
    apply: (run, events) => applyPushEvents({ ...run, ...shared, force: false }, events),
  });
  // One queue, two job names: pushed events take the same account lock as syncs.
  const processor: typeof syncProcessor = (job, token) =>
    job.name === PUSH_EVENTS_JOB ? pushProcessor(job, token) : syncProcessor(job, token);
  const connection = connectRedis(config, 'worker', SYNC_WORKER_CONNECTION);
  connection.on('error', (err) => log.warn({ err }, 'worker redis connection error'));
  const worker = createSyncWorker({
    connection,
    prefix: config.queuePrefix,
    concurrency: opts.concurrency ?? config.workerConcurrency,
    lockDurationMs: config.workerLockDurationMs,
    stalledIntervalMs: config.workerStalledIntervalMs,
    processor,
    backoff: { ...DEFAULT_BACKOFF, baseDelayMs: config.retryBaseDelayMs },
  });
  // BullMQ reports errors outside any job here (lost connection, stalled-check failures).
  worker.on('error', (err) => log.warn({ err }, 'worker error'));
  await worker.waitUntilReady();
  log.info({ concurrency: worker.concurrency, accounts: config.accounts.length }, 'sync worker started');
  let closing: Promise<void> | undefined;
  return {
    worker,
    close() {
      closing ??= (async () => {
        await closeWorkerGracefully(worker, config.shutdownGraceMs, log);
        await webhook?.close();
        await connection.quit().catch(() => connection.disconnect());
        log.info('sync worker stopped');
      })();
      return closing;
    },
  };
}
