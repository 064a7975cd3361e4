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
import type { Sensitive } from './sensitive.js';
import { issuesToProblems } from './zod-issues.js';

/** Everything the processes need to start, validated once. Variables: env-schema.ts. */
export interface AppConfig {
  redisUrl: string;
  /** Seed nodes of a Redis Cluster (REDIS_CLUSTER_NODES), or null for the one Redis of `redisUrl`. */
  redisClusterNodes: ClusterNodeAddress[] | null;
  /** This host's name in lock holders, logs and metrics (HOST_ID, default the OS hostname). */
  hostId: string;
  /** Where synced data goes: a `postgres://` URL, or null for the Redis of `redisUrl`. May hold a password. */
  storeUrl: string | null;
  /** No trailing slash. */
  wechatApiBase: string;
  /** Absolute path. */
  accountsFile: string;
  port: number;
  host: string;
  /** null = the API may only listen on a loopback HOST (see isLoopbackHost). */
  apiToken: Sensitive | null;
  /** The operator credential of Bull Board and the console; null = both only on loopback. */
  board: { user: string; password: Sensitive } | null;
  /** The read-only (viewer) credential of Bull Board and the console; null = none. */
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
  /** 'auto' = pretty when stdout is a terminal (resolvePretty in src/log). */
  logPretty: 'auto' | boolean;
  accounts: Account[];
}

export type EnvSettings = Omit<AppConfig, 'accounts'>;

function toSettings(env: EnvValues, cwd: string): EnvSettings {
  const { BOARD_USER: user, BOARD_PASSWORD: password } = env;
  const { BOARD_VIEWER_USER: viewerUser, BOARD_VIEWER_PASSWORD: viewerPassword } = env;
  return {
    redisUrl: env.REDIS_URL,
    redisClusterNodes: env.REDIS_CLUSTER_NODES,
    hostId: env.HOST_ID ?? hostname(),
    storeUrl: env.STORE_URL,
    wechatApiBase: env.WECHAT_API_BASE,
    accountsFile: resolve(cwd, env.ACCOUNTS_FILE),
    port: env.PORT,
    host: env.HOST,
    apiToken: env.API_TOKEN,
    board: user !== null && password !== null ? { user, password } : null,
    boardViewer:
      viewerUser !== null && viewerPassword !== null ? { user: viewerUser, password: viewerPassword } : null,
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
  ];
  values.push(...config.accounts.map((account) => account.appSecret.reveal()));
  values.push(...urlPassword(config.redisUrl));
  if (config.storeUrl !== null) values.push(...urlPassword(config.storeUrl));
  for (const value of values) if (value) rememberSecret(value, { permanent: true });
}

/**
 * Parses the environment and the accounts file it names. Pure apart from reading that
 * file and registering the secrets it finds with the log scrubber. Environment problems
 * are reported before the file is read. Throws ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv, opts: { cwd?: string } = {}): AppConfig {
  const { accountsLabel, ...settings } = parseEnvSettings(env, opts.cwd ?? process.cwd());
  // A fresh clone has no accounts.json: `npm start` then runs with no accounts (and says
  // so) rather than refusing. A file named explicitly by ACCOUNTS_FILE must exist.
  const defaultFileAbsent = !env.ACCOUNTS_FILE && !existsSync(settings.accountsFile);
  const accounts = defaultFileAbsent ? [] : loadAccountsFile(settings.accountsFile, accountsLabel, env);
  const config: AppConfig = { ...settings, accounts };
  rememberConfigSecrets(config);
  return config;
}
