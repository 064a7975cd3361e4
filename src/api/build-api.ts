import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import type { AnalyticsStore } from '../analytics/analytics-store.js';
import { isLoopbackHost } from '../config/index.js';
import { accountsConsole, CONSOLE_PATH, toConsoleAccounts } from '../console/index.js';
import { type PlatformApi, platformApiOf } from '../platform/platform-api.js';
import { PLATFORM_PATH_PREFIX } from '../platform/routes/platform-event-routes.js';
import { publicPlatformRoutes } from '../platform/routes/public-platform-routes.js';
import type { PendingEvents } from '../push/pending-events.js';
import { PUSH_PATH, type PushAccount, pushRoutes } from '../push/push-routes.js';
import type { SyncQueue } from '../queue/index.js';
import type { ApiQuotas } from '../quota/index.js';
import type { RedisClient } from '../redis/connection.js';
import { RedisKeys } from '../redis/keys.js';
import type { SyncStore } from '../store/sync-store.js';
import { declareAccessRole } from './access-role.js';
import { type ApiConfig, assertApiConfig } from './api-config.js';
import { internalError } from './api-errors.js';
import type { ApiOperations } from './api-operations.js';
import { BOARD_PATH, BOARD_VIEW_PATH, bullBoard } from './board.js';
import { clientErrorHandler } from './client-error.js';
import { errorHandler, sendApiError } from './error-handler.js';
import { useJsonBodyParser } from './json-body-parser.js';
import { localRequestGuard } from './local-request-guard.js';
import { OFFICIAL_API_PREFIX, officialApi } from './official-api.js';
import { diagnosisDeps, registerOperations } from './operations-api.js';
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
  /** WeChat quota answers for /metrics and the diagnosis. */
  quotas?: ApiQuotas;
  /** Datacube figures for the analytics read route; absent = that route 404s. */
  analytics?: AnalyticsStore;
  /** Where WeChat's pushes wait for their job; absent = no /wechat/push routes. */
  pushes?: PendingEvents;
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
    clientErrorHandler,
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
  useJsonBodyParser(app);
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
    // The same deps as the diagnosis route: quotas, egress and token fights included.
    diagnosis: diagnosisDeps({
      queue,
      redis,
      blocks,
      status,
      operations,
      now,
      ...(deps.quotas ? { quotas: deps.quotas } : {}),
    }),
    now,
    operator: config.board,
    viewer: config.boardViewer ?? null,
    hostIsLoopback,
  });
}

const under = (url: string, path: string): boolean =>
  url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`);
const underBoard = (url: string): boolean => under(url, BOARD_PATH) || under(url, BOARD_VIEW_PATH);
const underConsole = (url: string): boolean => under(url, CONSOLE_PATH);
/**
 * Routes that carry their own proof and are never served for being local: WeChat's pushes
 * (its signature; WeChat sends XML and the public Host), the platforms' event URLs and
 * authorisation landing page (WeChat's signature; a single-use auth code from WeChat's
 * redirect, opened by an administrator's browser from anywhere) and the token authority
 * (each client's own bearer credential).
 */
const ownCredentials = (route: string): boolean =>
  route === PUSH_PATH ||
  route.startsWith(PLATFORM_PATH_PREFIX) ||
  route.startsWith(`${OFFICIAL_API_PREFIX}/wechat/apps/`);

/**
 * On a loopback HOST, the parts served without credentials (everything while API_TOKEN is
 * unset, the board while BOARD_USER is unset) are held to local-request rules (Host,
 * Origin, JSON state changes; see local-request-guard.ts). Runs first, before auth and
 * before the body is read.
 */
function guardLocalAccess(app: FastifyInstance, config: ApiConfig, hostIsLoopback: boolean): void {
  if (!hostIsLoopback || (config.apiToken !== null && config.board !== null)) return;
  const guard = localRequestGuard(config.port);
  // The console's actions are HTML form posts, each with its CSRF token; Host, Origin and
  // Sec-Fetch-Site are held to the same rules (a rebound page could read the token).
  const formGuard = localRequestGuard(config.port, { forms: true });
  app.addHook('onRequest', function (request, reply, done) {
    // The matched route, not the raw URL: `/admin/%71ueues` routes to the board too. No
    // route (a 404): guarded as well, there is nothing to lose by it.
    const route = request.routeOptions.url;
    if (route !== undefined && ownCredentials(route)) return done();
    if (route !== undefined && underConsole(route)) {
      return config.board === null ? formGuard.call(this, request, reply, done) : done();
    }
    const open =
      route === undefined || (underBoard(route) ? config.board === null : config.apiToken === null);
    if (open) return guard.call(this, request, reply, done);
    done();
  });
}

/** The platform routes' deps, when the operator parts carry configured platforms. */
function platformApiFrom(deps: ApiDeps): PlatformApi | null {
  const platform = deps.operations?.platform;
  if (!platform) return null;
  const { config } = deps;
  return platformApiOf(platform, {
    redis: deps.redis,
    keys: new RedisKeys(deps.queue.opts.prefix ?? 'bull'),
    links: {
      publicUrl: config.publicUrl ?? null,
      wechatMpBase: config.wechatMpBase ?? 'https://mp.weixin.qq.com',
      wechatOpenBase: config.wechatOpenBase ?? 'https://open.weixin.qq.com',
    },
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
  guardLocalAccess(app, config, hostIsLoopback);
  await app.register(errorHandler, { limits: LIMITS, isRedisDown: () => redis.status !== 'ready' });
  await app.register(healthRoutes, {
    redis,
    readyTimeoutMs: deps.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
  });
  const accountIds = new Set(config.accounts.map((account) => account.accountId));
  const now = deps.now ?? Date.now;
  const platform = platformApiFrom(deps);
  await app.register(officialApi, {
    prefix: OFFICIAL_API_PREFIX,
    apiToken: config.apiToken,
    queue,
    accountIds,
    blocks,
    now,
    status: deps.status,
    ...(deps.store ? { store: deps.store } : {}),
    ...(deps.analytics ? { analytics: deps.analytics } : {}),
    ...(platform ? { platform } : {}),
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
      ...(deps.quotas ? { quotas: deps.quotas } : {}),
    });
  }
  declareAccessRole(app);
  if (deps.operations) {
    await registerConsole(app, { ...deps, operations: deps.operations }, hostIsLoopback, now);
  }
  if (deps.pushes) {
    const accounts = new Map<string, PushAccount>();
    for (const { accountId, appId, push } of config.accounts)
      if (appId !== undefined && push !== undefined) accounts.set(accountId, { accountId, appId, push });
    await app.register(pushRoutes, { accounts, pending: deps.pushes, queue, logger: deps.logger, now });
  }
  if (platform) await app.register(publicPlatformRoutes, { platform });
  const gate = { credentials: config.board, viewerCredentials: config.boardViewer ?? null, hostIsLoopback };
  await app.register(bullBoard, { prefix: BOARD_PATH, queue, readOnly: false, ...gate });
  await app.register(bullBoard, { prefix: BOARD_VIEW_PATH, queue, readOnly: true, ...gate });
  warnAboutOpenAccess(config, hostIsLoopback, deps.logger);
  return app;
}
