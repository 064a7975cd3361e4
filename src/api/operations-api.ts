import type { FastifyInstance } from 'fastify';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import type { Sensitive } from '../config/index.js';
import type { DiagnosisDeps, LockReportDeps } from '../diagnosis/index.js';
import { METRIC_PREFIX, registerQueueGauges, registerQuotaGauges } from '../metrics/index.js';
import { type PlatformDeps, platformRoutes } from '../platform/index.js';
import type { SyncQueue } from '../queue/index.js';
import type { ApiQuotas } from '../quota/index.js';
import type { RedisClient } from '../redis/connection.js';
import { tokenAuthority } from '../token/authority/index.js';
import type { ApiOperations } from './api-operations.js';
import { bearerAuth } from './bearer-auth.js';
import { OFFICIAL_API_PREFIX } from './official-api.js';
import { diagnosisRoutes } from './routes/diagnosis-routes.js';
import { lockRoutes } from './routes/lock-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { SecretDigest } from './secret-digest.js';

export interface OperationsApiOptions {
  apiToken: Sensitive | null;
  accountIds: ReadonlySet<string>;
  diagnosis: DiagnosisDeps;
  locks: LockReportDeps;
  platform?: PlatformDeps;
}

/**
 * The operator routes under /official-api (diagnosis, locks), behind the same bearer
 * token as the rest of it. A sibling of officialApi, whose scoped 404 answers for paths
 * neither defines.
 */
export async function operationsApi(app: FastifyInstance, opts: OperationsApiOptions): Promise<void> {
  if (opts.apiToken) app.addHook('onRequest', bearerAuth(new SecretDigest(opts.apiToken.reveal())));
  await app.register(diagnosisRoutes, { diagnosis: opts.diagnosis, accountIds: opts.accountIds });
  await app.register(lockRoutes, opts.locks);
  if (opts.platform) await app.register(platformRoutes, opts.platform);
}

export interface RegisterOperationsDeps {
  apiToken: Sensitive | null;
  queue: SyncQueue;
  redis: RedisClient;
  blocks: AccountBlocks;
  status: AccountStatus;
  operations: ApiOperations;
  now: () => number;
  /** WeChat quota answers for /metrics and the diagnosis; absent = neither shows quotas. */
  quotas?: ApiQuotas;
}

/** Mounts the operator routes and GET /metrics, and the scrape-time gauges on the registry (once). */
/** What a diagnosis reads, for the diagnosis routes and the console's live diagnosis alike. */
export function diagnosisDeps(
  deps: Pick<
    RegisterOperationsDeps,
    'queue' | 'redis' | 'blocks' | 'status' | 'operations' | 'now' | 'quotas'
  >,
): DiagnosisDeps {
  const { operations } = deps;
  return {
    accounts: operations.accounts,
    ...(deps.quotas ? { quotas: deps.quotas } : {}),
    redis: deps.redis,
    queue: deps.queue,
    tokens: operations.tokens,
    lock: operations.lock,
    blocks: deps.blocks,
    status: deps.status,
    now: deps.now,
    ...operations.diagnosisExtras,
  };
}

export async function registerOperations(app: FastifyInstance, deps: RegisterOperationsDeps): Promise<void> {
  const { queue, blocks, status, operations, now } = deps;
  const { accounts } = operations;
  const { registry } = operations.metrics;
  if (!registry.getSingleMetric(`${METRIC_PREFIX}queue_jobs`)) {
    registerQueueGauges(registry, { queue, accounts, blocks, status, now });
    if (deps.quotas) registerQuotaGauges(registry, { accounts, quotas: deps.quotas });
  }
  const accountIds = new Set(accounts.map((a) => a.accountId));
  await app.register(operationsApi, {
    prefix: OFFICIAL_API_PREFIX,
    apiToken: deps.apiToken,
    accountIds,
    diagnosis: diagnosisDeps(deps),
    locks: { lock: operations.lock, queue, now },
    ...(operations.platform ? { platform: operations.platform } : {}),
  });
  await app.register(metricsRoutes, { metrics: operations.metrics });
  if (operations.authority) {
    const { clients, tokens, keys, redis: tokenRedis } = operations.authority;
    // A sibling under /official-api with its own clients' credentials instead of API_TOKEN.
    await app.register(tokenAuthority, {
      prefix: OFFICIAL_API_PREFIX,
      clients,
      accounts,
      tokens,
      metrics: operations.metrics,
      redis: tokenRedis,
      rateLimitNamespace: keys.rateLimitNamespace(),
      now,
    });
  }
}
