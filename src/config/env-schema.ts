import { z } from 'zod';
import { LANGS } from '../i18n/lang.js';
import type { ConfigProblem } from './config-error.js';
import {
  apiToken,
  boardPassword,
  boardUser,
  type ClusterNodeAddress,
  clusterNodes,
  type EnvParser,
  host,
  httpBaseUrl,
  integer,
  logPretty,
  nonEmpty,
  oneOf,
  proxyUrl,
  queuePrefix,
  redisUrl,
  storeUrl,
  webhookUrl,
} from './env-parsers.js';

/** Largest delay Node's timers honour; above it setTimeout fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;
const MAX_TIMER_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const CONSOLE_LANGS = ['auto', ...LANGS] as const;
export type ConsoleLang = (typeof CONSOLE_LANGS)[number];
export const TOKEN_ENDPOINTS = ['stable', 'token'] as const;
export type TokenEndpoint = (typeof TOKEN_ENDPOINTS)[number];

/** An optional variable: unset (or set to the empty string) gives `fallback`, anything else must parse. */
function envVar<T>(fallback: T, parse: EnvParser<T>) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined) return fallback;
      const parsed = parse(raw);
      if ('value' in parsed) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    });
}

/**
 * Every environment variable the service reads, with its default. The names are a
 * contract (DESIGN.md); .env.example lists the same names and defaults. A variable set
 * to the empty string counts as unset, as `FOO=` in an env file usually means "no value".
 */
export const envSchema = z.object({
  /** Default `redis://127.0.0.1:6379`. The one Redis: queue, locks, token cache, synced data. */
  REDIS_URL: envVar('redis://127.0.0.1:6379', redisUrl),
  /**
   * Default none (one Redis at REDIS_URL). Comma-separated `host:port` seed nodes of a Redis
   * Cluster: every connection is then an ioredis Cluster (REDIS_URL gives only credentials
   * and TLS) and QUEUE_PREFIX must be a hash tag (default `{wechat}`).
   */
  REDIS_CLUSTER_NODES: envVar<ClusterNodeAddress[] | null>(null, clusterNodes),
  /**
   * Default `5000`. At start (every process and every CLI command), how long Redis has to
   * accept the connection and answer a PING; past it the process stops with one line naming
   * the address instead of waiting silently.
   */
  REDIS_CONNECT_TIMEOUT_MS: envVar(5_000, integer(100, 600_000)),
  /** Default the OS hostname. This host's name in lock holders, logs and metrics. */
  HOST_ID: envVar<string | null>(null, nonEmpty),
  /** Default none (synced data in Redis). `postgres://…` = synced data in that PostgreSQL database. */
  STORE_URL: envVar(null, storeUrl),
  /** Default `https://api.weixin.qq.com`. WeChat API origin; the simulator's URL in tests. Trailing slash dropped. */
  WECHAT_API_BASE: envVar('https://api.weixin.qq.com', httpBaseUrl),
  /**
   * Default none. The base URL at which WeChat and account administrators' browsers reach
   * this service (e.g. `https://sync.example.com`); needed to hand out third-party-platform
   * authorisation links, whose redirect comes back here.
   */
  PUBLIC_URL: envVar<string | null>(null, httpBaseUrl),
  /** Default `https://mp.weixin.qq.com`. Only for building authorisation links (PC page). */
  WECHAT_MP_BASE: envVar('https://mp.weixin.qq.com', httpBaseUrl),
  /** Default `https://open.weixin.qq.com`. Only for building authorisation links (mobile page). */
  WECHAT_OPEN_BASE: envVar('https://open.weixin.qq.com', httpBaseUrl),
  /** Default `accounts.json`. The accounts file, relative to the working directory. */
  ACCOUNTS_FILE: envVar('accounts.json', nonEmpty),
  /**
   * Default none (no token authority). The token authority's clients: a JSON array of
   * `{clientId, credential: "env:VAR" | literal (16+), apps: [appId…], perMinute?}`.
   */
  TOKEN_CLIENTS_FILE: envVar<string | null>(null, nonEmpty),
  /**
   * Default none (WeChat called directly). Every WeChat call (workers, diagnosis, the token
   * authority) goes through this HTTP(S) forward proxy, so only its address needs to be on
   * each account's IP whitelist.
   */
  WECHAT_PROXY_URL: envVar(null, proxyUrl),
  /** Default `8084`. HTTP API port. */
  PORT: envVar(8084, integer(1, 65535)),
  /** Default `127.0.0.1`. HTTP API bind address. */
  HOST: envVar('127.0.0.1', host),
  /** Default none. Bearer token for the HTTP API, at least 16 characters; unset = API only on loopback. */
  API_TOKEN: envVar(null, apiToken),
  /** Default none. Bull Board basic-auth user; set together with BOARD_PASSWORD or not at all. */
  BOARD_USER: envVar(null, boardUser),
  /** Default none. Bull Board basic-auth password. */
  BOARD_PASSWORD: envVar(null, boardPassword),
  /** Default none. Read-only (viewer) user of Bull Board and the console; needs BOARD_VIEWER_PASSWORD and BOARD_USER. */
  BOARD_VIEWER_USER: envVar(null, boardUser),
  /** Default none. Password of the viewer user. */
  BOARD_VIEWER_PASSWORD: envVar(null, boardPassword),
  /** Default `auto` (the browser's Accept-Language). Language of the accounts console: `zh-CN`, `en` or `auto`. */
  CONSOLE_LANG: envVar<ConsoleLang>('auto', oneOf(CONSOLE_LANGS)),
  /** Default `wechat` (`{wechat}` with REDIS_CLUSTER_NODES). BullMQ key prefix; a hash tag on Redis Cluster. */
  QUEUE_PREFIX: envVar<string | null>(null, queuePrefix),
  /** Default `info`. pino level. */
  LOG_LEVEL: envVar<LogLevel>('info', oneOf(LOG_LEVELS)),
  /** Default `stable`. `stable` = POST /cgi-bin/stable_token, `token` = GET /cgi-bin/token. */
  WECHAT_TOKEN_ENDPOINT: envVar<TokenEndpoint>('stable', oneOf(TOKEN_ENDPOINTS)),
  /** Default `300`. Refresh a cached access token this many seconds before it expires. */
  TOKEN_REFRESH_MARGIN_SECONDS: envVar(300, integer(0, MAX_TIMER_SECONDS)),
  /** Default `10000`. Timeout of one WeChat HTTP call. */
  WECHAT_TIMEOUT_MS: envVar(10_000, integer(1, MAX_TIMER_MS)),
  /**
   * Default `10`. WeChat data calls per second per app, shared by every worker through
   * Redis, so a big follower sync neither trips 45011 (minute quota) nor burns the day's.
   */
  WECHAT_RATE_PER_APP: envVar(10, integer(1, 10_000)),
  /** Default `10`. Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: envVar(10, integer(1, 1000)),
  /** Default `900`. After an IP-whitelist refusal, further jobs of the account fail fast for this long. */
  WHITELIST_BLOCK_SECONDS: envVar(900, integer(0, MAX_TIMER_SECONDS)),
  /** Default `30000`. Per-account lock lease; renewed while the job runs. */
  LOCK_TTL_MS: envVar(30_000, integer(1000, MAX_TIMER_MS)),
  /** Default `30000`. On SIGTERM, how long running jobs may take to finish. */
  SHUTDOWN_GRACE_MS: envVar(30_000, integer(0, MAX_TIMER_MS)),
  /**
   * Default `30000`. BullMQ's per-job lock, renewed at half this while the job runs. A
   * worker that dies (or exits past its grace period) leaves its jobs active until the
   * lock expires; another worker's stalled check then runs them again.
   */
  WORKER_LOCK_DURATION_MS: envVar(30_000, integer(1000, MAX_TIMER_MS)),
  /**
   * Default `30000`. How often each worker looks for stalled jobs. A dead worker's job is
   * taken up again after about WORKER_LOCK_DURATION_MS plus one to two of these. Give every
   * worker the same value: a check holds a queue-wide guard key for its own interval, so
   * one worker with a longer interval delays everyone's checks.
   */
  WORKER_STALLED_INTERVAL_MS: envVar(30_000, integer(1000, MAX_TIMER_MS)),
  /** Default `5000`. First retry delay of a failed sync attempt; doubles per attempt (jittered, capped at 10 min). */
  RETRY_BASE_DELAY_MS: envVar(5_000, integer(1, MAX_TIMER_MS)),
  /** Default none. A worker process serves its own GET /metrics on this port (on HOST); unset = none. */
  METRICS_PORT: envVar<number | null>(null, integer(0, 65535)),
  /** Default none. On a whitelist fault, POST the diagnostic here (once per account per block period). */
  ALERT_WEBHOOK_URL: envVar(null, webhookUrl),
  /** Default `30`. Days of datacube figures the analytics sync keeps complete (never before 2014-12-01). */
  ANALYTICS_BACKFILL_DAYS: envVar(30, integer(1, 3650)),
  /** Default `100`. Most calls per datacube API in one analytics pass; the rest of a backfill waits for the next pass. */
  ANALYTICS_CALLS_PER_PASS: envVar(100, integer(1, 10_000)),
  /** Default `auto`. `auto` = pretty when stdout is a terminal. */
  LOG_PRETTY: envVar<'auto' | boolean>('auto', logPretty),
});

export type EnvValues = z.output<typeof envSchema>;
export type EnvVarName = keyof typeof envSchema.shape;
export const ENV_VAR_NAMES = Object.keys(envSchema.shape) as EnvVarName[];

/**
 * Rules that involve more than one variable, checked on the raw values so they are
 * reported together with any single-variable problem.
 */
export function crossFieldProblems(picked: Record<EnvVarName, string | undefined>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (picked.BOARD_USER !== undefined && picked.BOARD_PASSWORD === undefined) {
    problems.push({ field: 'BOARD_PASSWORD', problem: 'required when BOARD_USER is set' });
  }
  if (picked.BOARD_PASSWORD !== undefined && picked.BOARD_USER === undefined) {
    problems.push({ field: 'BOARD_USER', problem: 'required when BOARD_PASSWORD is set' });
  }
  problems.push(...viewerProblems(picked));
  if (picked.REDIS_CLUSTER_NODES !== undefined && picked.QUEUE_PREFIX !== undefined) {
    if (!/\{[^{}]+\}/.test(picked.QUEUE_PREFIX)) {
      problems.push({
        field: 'QUEUE_PREFIX',
        problem:
          'must be a hash tag like {wechat} when REDIS_CLUSTER_NODES is set (BullMQ keys must share a slot)',
      });
    }
  }
  return problems;
}

/** The viewer credential comes as a pair, beside an operator credential, under another name. */
function viewerProblems(picked: Record<EnvVarName, string | undefined>): ConfigProblem[] {
  const { BOARD_VIEWER_USER: user, BOARD_VIEWER_PASSWORD: password } = picked;
  if (user === undefined && password === undefined) return [];
  if (password === undefined)
    return [{ field: 'BOARD_VIEWER_PASSWORD', problem: 'required when BOARD_VIEWER_USER is set' }];
  if (user === undefined)
    return [{ field: 'BOARD_VIEWER_USER', problem: 'required when BOARD_VIEWER_PASSWORD is set' }];
  if (picked.BOARD_USER === undefined) {
    return [
      {
        field: 'BOARD_USER',
        problem: 'required when BOARD_VIEWER_USER is set (the viewer needs an operator)',
      },
    ];
  }
  if (user === picked.BOARD_USER)
    return [{ field: 'BOARD_VIEWER_USER', problem: 'must differ from BOARD_USER' }];
  return [];
}

/** Only our variables, with empty strings turned into "unset". */
export function pickEnv(env: NodeJS.ProcessEnv): Record<EnvVarName, string | undefined> {
  const picked = {} as Record<EnvVarName, string | undefined>;
  for (const name of ENV_VAR_NAMES) {
    const raw = env[name];
    picked[name] = raw === '' ? undefined : raw;
  }
  return picked;
}
