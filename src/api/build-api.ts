import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import { isLoopbackHost } from '../config/index.js';
import { accountsConsole, CONSOLE_PATH, toConsoleAccounts } from '../console/index.js';
import type { SyncQueue } from '../queue/index.js';
import type { RedisClient } from '../redis/connection.js';
import { RedisKeys } from '../redis/keys.js';
import type { SyncStore } from '../store/sync-store.js';
import { type ApiConfig, assertApiConfig } from './api-config.js';
import { internalError } from './api-errors.js';
import type { ApiOperations } from './api-operations.js';
import { BOARD_PATH, bullBoard } from './board.js';
import { errorHandler, sendApiError } from './error-handler.js';
import { OFFICIAL_API_PREFIX, officialApi } from './official-api.js';
import { registerOperations } from './operations-api.js';
import { DEFAULT_READY_TIMEOUT_MS } from './redis-readiness.js';
import { ApiLogController } from './request-log.js';
import { healthRoutes } from './routes/health-routes.js';
import { type RequestLimits, toApiError } from './to-api-error.js';

/** Requests are `{accountId, force}` and board actions; anything near this size is not a caller of ours. */
export const BODY_LIMIT = 16 * 1024;
export const MAX_PARAM_LENGTH = 256;
const LIMITS: RequestLimits = { bodyLimit: BODY_LIMIT, maxParamLength: MAX_PARAM_LENGTH };
/** Bounds a slow or stalled client (Node's own default is 5 minutes). */
const REQUEST_TIMEOUT_MS = 30_000;

export interface ApiDeps {
  config: ApiConfig;
  queue: SyncQueue;
  /** The connection the routes read through (blocks, readiness); usually the queue's. */
  redis: RedisClient;
  blocks: AccountBlocks;
  /** Per-account last success/failure, for the diagnosis routes of the next issue. */
  status: AccountStatus;
  /** Where the sync stores data, for the read routes; absent = those routes answer 404. */
  store?: SyncStore;
  logger: Logger;
  /** Diagnosis, lock routes and GET /metrics; absent = not mounted (a producer-only API). */
  operations?: ApiOperations;
  /** How long /readyz waits for PING; default DEFAULT_READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
  now?: () => number;
}

/** The bare server: limits, request ids, one log line per request (ApiLogController), JSON bodies only. */
function createServer(logger: Logger): FastifyInstance {
  const app = Fastify({
    // Upcast: Fastify's instance type is invariant in its logger; routes only need the base API.
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    genReqId: () => randomUUID(),
    logController: new ApiLogController(),
    // Errors Fastify raises before routing (a malformed URL) get the catalog shape too.
    frameworkErrors: (err, request, reply) => {
      const apiError = toApiError(err, LIMITS);
      if (apiError) sendApiError(reply, apiError);
      else sendApiError(reply, internalError(request.id), request.id);
    },
    // Above our longest id (128) so the routes, not the router, name the bad parameter.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  });
  // Without this, Fastify would hand a text/plain body to the routes as a string.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  return app;
}

function warnAboutOpenAccess(config: ApiConfig, hostIsLoopback: boolean, logger: Logger): void {
  if (config.apiToken === null) {
    logger.warn(
      { host: config.host },
      'API_TOKEN is unset: the HTTP API is unauthenticated (allowed on loopback only)',
    );
  }
  if (config.board === null) {
    logger.warn(
      hostIsLoopback
        ? 'BOARD_USER/BOARD_PASSWORD unset: Bull Board is served to local clients only'
        : 'BOARD_USER/BOARD_PASSWORD unset on a non-loopback HOST: Bull Board is disabled',
    );
  }
}

/** The accounts console: it needs the operator parts (full accounts, token cache), so only with them. */
async function registerConsole(
  app: FastifyInstance,
  deps: ApiDeps & { operations: ApiOperations },
  hostIsLoopback: boolean,
  now: () => number,
): Promise<void> {
  const { config, queue, redis, blocks, status, operations } = deps;
  await app.register(accountsConsole, {
    prefix: CONSOLE_PATH,
    accounts: toConsoleAccounts(operations.accounts, now()),
    redis,
    keys: new RedisKeys(queue.opts.prefix ?? 'bull'),
    queue,
    status,
    blocks,
    store: deps.store ?? null,
    lang: config.consoleLang ?? 'auto',
    canDiagnose: true,
    diagnosis: {
      accounts: operations.accounts,
      redis,
      queue,
      tokens: operations.tokens,
      lock: operations.lock,
      blocks,
      status,
      now,
    },
    now,
    operator: config.board,
    viewer: config.boardViewer ?? null,
    hostIsLoopback,
  });
}

/**
 * The Fastify app, built but not listening: tests drive it with inject(), startApi()
 * listens. Throws ConfigError when the configuration would expose an unauthenticated API.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const { config, queue, redis, blocks } = deps;
  assertApiConfig(config);
  const hostIsLoopback = isLoopbackHost(config.host);
  const app = createServer(deps.logger);
  await app.register(errorHandler, { limits: LIMITS, isRedisDown: () => redis.status !== 'ready' });
  await app.register(healthRoutes, {
    redis,
    readyTimeoutMs: deps.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
  });
  const accountIds = new Set(config.accounts.map((account) => account.accountId));
  const now = deps.now ?? Date.now;
  await app.register(officialApi, {
    prefix: OFFICIAL_API_PREFIX,
    apiToken: config.apiToken,
    queue,
    accountIds,
    blocks,
    now,
    status: deps.status,
    ...(deps.store ? { store: deps.store } : {}),
  });
  if (deps.operations) {
    const { apiToken } = config;
    await registerOperations(app, {
      apiToken,
      queue,
      redis,
      blocks,
      status: deps.status,
      operations: deps.operations,
      now,
    });
  }
  if (deps.operations) {
    await registerConsole(app, { ...deps, operations: deps.operations }, hostIsLoopback, now);
  }
  await app.register(bullBoard, { prefix: BOARD_PATH, queue, credentials: config.board, hostIsLoopback });
  warnAboutOpenAccess(config, hostIsLoopback, deps.logger);
  return app;
}
