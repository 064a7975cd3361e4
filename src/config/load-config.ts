import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, resolve } from 'node:path';
import { rememberSecret } from '../log/secret-registry.js';
import type { Account } from './account.js';
import { loadAccountsFile } from './accounts-file.js';
import { ConfigError } from './config-error.js';
import type { ClusterNodeAddress } from './env-parsers.js';
import {
  type ConsoleLang,
  crossFieldProblems,
  type EnvValues,
  envSchema,
  type LogLevel,
  pickEnv,
  type TokenEndpoint,
} from './env-schema.js';
import type { SecretsMode } from './parse-accounts.js';
import type { Platform } from './platform.js';
import type { Sensitive } from './sensitive.js';
import type { TokenClient } from './token-client.js';
import { loadTokenClientsFile } from './token-clients-file.js';
import { issuesToProblems } from './zod-issues.js';

/** Everything the processes need to start, validated once. Variables: env-schema.ts. */
export interface AppConfig {
  redisUrl: string;
  /** Seed nodes of a Redis Cluster (REDIS_CLUSTER_NODES), or null for the one Redis of `redisUrl`. */
  redisClusterNodes: ClusterNodeAddress[] | null;
  /** How long Redis has to answer a PING at start (REDIS_CONNECT_TIMEOUT_MS). */
  redisConnectTimeoutMs: number;
  /** This host's name in lock holders, logs and metrics (HOST_ID, default the OS hostname). */
  hostId: string;
  /** Where synced data goes: a `postgres://` URL, or null for the Redis of `redisUrl`. May hold a password. */
  storeUrl: string | null;
  /** No trailing slash. */
  wechatApiBase: string;
  /** PUBLIC_URL without a trailing slash: where WeChat and admins' browsers reach us; null = not set. */
  publicUrl: string | null;
  /** WECHAT_MP_BASE / WECHAT_OPEN_BASE, no trailing slash: only for building authorisation links. */
  wechatMpBase: string;
  wechatOpenBase: string;
  /** Absolute path. */
  accountsFile: string;
  /** TOKEN_CLIENTS_FILE, absolute; null = no token authority. */
  tokenClientsFile: string | null;
  /** The token authority's clients (empty without TOKEN_CLIENTS_FILE). */
  tokenClients: TokenClient[];
  /** WECHAT_PROXY_URL: every WeChat call through this forward proxy; null = direct. May hold a password. */
  wechatProxyUrl: Sensitive | null;
  port: number;
  host: string;
  /** null = the API may only listen on a loopback HOST (see isLoopbackHost). */
  apiToken: Sensitive | null;
  /** null = Bull Board only on loopback. The operator: full write access to board and console. */
  board: { user: string; password: Sensitive } | null;
  /** The read-only viewer of board and console; null = none. */
  boardViewer: { user: string; password: Sensitive } | null;
  /** Language of the console; 'auto' = the browser's Accept-Language. */
  consoleLang: ConsoleLang;
  queuePrefix: string;
  logLevel: LogLevel;
  tokenEndpoint: TokenEndpoint;
  tokenRefreshMarginMs: number;
  wechatTimeoutMs: number;
  /** WeChat data calls per second per app, across all workers (src/pacing). */
  wechatRatePerApp: number;
  workerConcurrency: number;
  whitelistBlockMs: number;
  lockTtlMs: number;
  shutdownGraceMs: number;
  /** BullMQ's job lock: how long a dead worker's job stays active before it counts as stalled. */
  workerLockDurationMs: number;
  /** How often a worker looks for stalled jobs. */
  workerStalledIntervalMs: number;
  /** First retry delay of a failed attempt (DEFAULT_BACKOFF.baseDelayMs in production; small in tests). */
  retryBaseDelayMs: number;
  /** A worker process's own metrics port (null = none; the API serves GET /metrics anyway). */
  metricsPort: number | null;
  /** Where whitelist-fault alerts are POSTed (null = no webhook). May hold a credential. */
  alertWebhookUrl: Sensitive | null;
  /** Days the analytics sync keeps complete (ANALYTICS_BACKFILL_DAYS). */
  analyticsBackfillDays: number;
  /** Most calls per datacube API in one analytics pass. */
  analyticsCallsPerPass: number;
  /** 'auto' = pretty when stdout is a terminal (resolvePretty in src/log). */
  logPretty: 'auto' | boolean;
  accounts: Account[];
  /** Third-party platforms of the accounts file (empty in its plain array form). */
  platforms: Platform[];
}

export type EnvSettings = Omit<AppConfig, 'accounts' | 'platforms' | 'tokenClients'>;

function toSettings(env: EnvValues, cwd: string): EnvSettings {
  const { BOARD_USER: user, BOARD_PASSWORD: password } = env;
  return {
    redisUrl: env.REDIS_URL,
    redisClusterNodes: env.REDIS_CLUSTER_NODES,
    redisConnectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS,
    hostId: env.HOST_ID ?? hostname(),
    storeUrl: env.STORE_URL,
    wechatApiBase: env.WECHAT_API_BASE,
    publicUrl: env.PUBLIC_URL,
    wechatMpBase: env.WECHAT_MP_BASE,
    wechatOpenBase: env.WECHAT_OPEN_BASE,
    accountsFile: resolve(cwd, env.ACCOUNTS_FILE),
    tokenClientsFile: env.TOKEN_CLIENTS_FILE === null ? null : resolve(cwd, env.TOKEN_CLIENTS_FILE),
    wechatProxyUrl: env.WECHAT_PROXY_URL,
    port: env.PORT,
    host: env.HOST,
    apiToken: env.API_TOKEN,
    board: user !== null && password !== null ? { user, password } : null,
    boardViewer:
      env.BOARD_VIEWER_USER !== null && env.BOARD_VIEWER_PASSWORD !== null
        ? { user: env.BOARD_VIEWER_USER, password: env.BOARD_VIEWER_PASSWORD }
        : null,
    consoleLang: env.CONSOLE_LANG,
    // BullMQ's keys of one queue must share a Cluster slot: a hash tag by default there.
    queuePrefix: env.QUEUE_PREFIX ?? (env.REDIS_CLUSTER_NODES ? '{wechat}' : 'wechat'),
    logLevel: env.LOG_LEVEL,
    tokenEndpoint: env.WECHAT_TOKEN_ENDPOINT,
    tokenRefreshMarginMs: env.TOKEN_REFRESH_MARGIN_SECONDS * 1000,
    wechatTimeoutMs: env.WECHAT_TIMEOUT_MS,
    wechatRatePerApp: env.WECHAT_RATE_PER_APP,
    workerConcurrency: env.WORKER_CONCURRENCY,
    whitelistBlockMs: env.WHITELIST_BLOCK_SECONDS * 1000,
    lockTtlMs: env.LOCK_TTL_MS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    workerLockDurationMs: env.WORKER_LOCK_DURATION_MS,
    workerStalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    retryBaseDelayMs: env.RETRY_BASE_DELAY_MS,
    metricsPort: env.METRICS_PORT,
    alertWebhookUrl: env.ALERT_WEBHOOK_URL,
    analyticsBackfillDays: env.ANALYTICS_BACKFILL_DAYS,
    analyticsCallsPerPass: env.ANALYTICS_CALLS_PER_PASS,
    logPretty: env.LOG_PRETTY,
  };
}

/** The environment part alone (no file read). Throws ConfigError listing every bad variable. */
export function parseEnvSettings(
  env: NodeJS.ProcessEnv,
  cwd: string,
): EnvSettings & { accountsLabel: string } {
  const picked = pickEnv(env);
  const parsed = envSchema.safeParse(picked);
  const problems = [
    ...(parsed.success ? [] : issuesToProblems(null, parsed.error.issues)),
    ...crossFieldProblems(picked),
  ];
  if (!parsed.success || problems.length > 0) throw ConfigError.fromProblems(problems);
  return { ...toSettings(parsed.data, cwd), accountsLabel: basename(parsed.data.ACCOUNTS_FILE) };
}

/** ioredis and pg decode the URL's password; both spellings may show up in a log line. */
function urlPassword(url: string): string[] {
  const encoded = URL.canParse(url) ? new URL(url).password : '';
  if (encoded === '') return [];
  try {
    return [encoded, decodeURIComponent(encoded)];
  } catch {
    return [encoded];
  }
}

/** So that a credential that slips into any log line still prints as `[redacted]`. */
function rememberConfigSecrets(config: AppConfig): void {
  const values = [
    config.apiToken?.reveal(),
    config.board?.password.reveal(),
    config.boardViewer?.password.reveal(),
    config.alertWebhookUrl?.reveal(),
    config.wechatProxyUrl?.reveal(),
  ];
  values.push(...config.accounts.map((account) => account.appSecret?.reveal()));
  for (const p of config.platforms)
    values.push(p.componentAppSecret.reveal(), p.token.reveal(), p.encodingAESKey.reveal());
  for (const { push } of config.accounts) values.push(push?.token.reveal(), push?.encodingAESKey?.reveal());
  values.push(...urlPassword(config.redisUrl));
  if (config.wechatProxyUrl !== null) values.push(...urlPassword(config.wechatProxyUrl.reveal()));
  if (config.storeUrl !== null) values.push(...urlPassword(config.storeUrl));
  for (const value of values) if (value) rememberSecret(value, { permanent: true });
}

/**
 * Parses the environment and the accounts file it names. Pure apart from reading that
 * file and registering the secrets it finds with the log scrubber. Environment problems
 * are reported before the file is read. Throws ConfigError.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  opts: { cwd?: string; secrets?: SecretsMode } = {},
): AppConfig {
  const { accountsLabel, ...settings } = parseEnvSettings(env, opts.cwd ?? process.cwd());
  // A fresh clone has no accounts.json: `npm start` then runs with no accounts (and says
  // so) rather than refusing. A file named explicitly by ACCOUNTS_FILE must exist.
  const defaultFileAbsent = !env.ACCOUNTS_FILE && !existsSync(settings.accountsFile);
  const { accounts, platforms } = defaultFileAbsent
    ? { accounts: [], platforms: [] }
    : loadAccountsFile(settings.accountsFile, accountsLabel, env, opts.secrets);
  const tokenClients =
    settings.tokenClientsFile === null
      ? []
      : loadTokenClientsFile(
          settings.tokenClientsFile,
          basename(settings.tokenClientsFile),
          env,
          new Set(accounts.map((a) => a.appId)),
        );
  const config: AppConfig = { ...settings, accounts, platforms, tokenClients };
  rememberConfigSecrets(config);
  return config;
}
