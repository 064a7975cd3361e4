import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Metrics } from './metrics.js';

export const METRIC_PREFIX = 'wechat_sync_';

export interface PromMetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC): on for a serving process. */
  defaultMetrics?: boolean;
  /** HOST_ID: a `host` label on every series, so the workers of many hosts can be told apart. */
  host?: string;
}

/**
 * Metrics backed by prom-client, each process with its own Registry (never prom-client's
 * global one), so two services in one test process do not collide. The registry is
 * what GET /metrics and a worker's metrics port serialize.
 */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #jobsCompleted: Counter;
  readonly #jobsFailed: Counter<'reason' | 'final'>;
  readonly #jobDuration: Histogram<'outcome'>;
  readonly #tokenFetches: Counter<'outcome' | 'errcode'>;
  readonly #tokenLookups: Counter<'result'>;
  readonly #whitelistFailures: Counter<'account' | 'ip'>;
  readonly #lockBusy: Counter;
  readonly #wechatCalls: Counter<'endpoint' | 'outcome'>;
  readonly #tokenFights: Counter<'app'>;
  readonly #tokensIssued: Counter<'client' | 'app' | 'via'>;

  constructor(opts: PromMetricsOptions = {}) {
    const registers = [this.registry];
    if (opts.host) this.registry.setDefaultLabels({ host: opts.host });
    // No prefix: Node's metrics keep their standard names (process_*, nodejs_*), which the
    // usual Node.js dashboards and alerts query; ours all start with METRIC_PREFIX, so none clash.
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.#jobsCompleted = new Counter({
      name: `${METRIC_PREFIX}jobs_completed_total`,
      help: 'Sync jobs that completed.',
      registers,
    });
    this.#jobsFailed = new Counter({
      name: `${METRIC_PREFIX}jobs_failed_total`,
      help: 'Failed sync job runs by reason code; final="false" runs are retried by BullMQ.',
      labelNames: ['reason', 'final'],
      registers,
    });
    this.#jobDuration = new Histogram({
      name: `${METRIC_PREFIX}job_duration_seconds`,
      help: 'Duration of one sync job run, by outcome.',
      labelNames: ['outcome'],
      // A sync pages through WeChat for seconds to minutes; fail-fast runs take milliseconds.
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.#tokenFetches = new Counter({
      name: `${METRIC_PREFIX}token_fetches_total`,
      help: 'Access token calls to WeChat by outcome (ok|error) and errcode (none when absent).',
      labelNames: ['outcome', 'errcode'],
      registers,
    });
    this.#tokenLookups = new Counter({
      name: `${METRIC_PREFIX}token_cache_lookups_total`,
      help: 'Token cache lookups: result="hit" served from Redis, "miss" needed a refresh.',
      labelNames: ['result'],
      registers,
    });
    this.#whitelistFailures = new Counter({
      name: `${METRIC_PREFIX}whitelist_failures_total`,
      help: 'WeChat 40164 refusals (egress IP not whitelisted) by account and the IP WeChat saw.',
      labelNames: ['account', 'ip'],
      registers,
    });
    this.#lockBusy = new Counter({
      name: `${METRIC_PREFIX}lock_busy_redelays_total`,
      help: 'Jobs that found their account locked and waited (re-delayed, no attempt spent).',
      registers,
    });
    this.#wechatCalls = new Counter({
      name: `${METRIC_PREFIX}wechat_calls_total`,
      help: 'WeChat HTTP calls by endpoint path and outcome (ok or the error code).',
      labelNames: ['endpoint', 'outcome'],
      registers,
    });
    this.#tokenFights = new Counter({
      name: `${METRIC_PREFIX}token_fights_total`,
      help: 'Token fights: WeChat called our fresh cached token "not latest" (40001), so another system refreshed the app\'s token.',
      labelNames: ['app'],
      registers,
    });
    this.#tokensIssued = new Counter({
      name: `${METRIC_PREFIX}token_authority_issued_total`,
      help: 'Tokens the token authority handed out, by client, app and via (read or refresh).',
      labelNames: ['client', 'app', 'via'],
      registers,
    });
  }

  jobOutcome(outcome: string, durationMs: number, final: boolean): void {
    if (outcome === 'completed') this.#jobsCompleted.inc();
    else if (outcome !== 'LOCK_BUSY') this.#jobsFailed.inc({ reason: outcome, final: String(final) });
    this.#jobDuration.observe({ outcome }, durationMs / 1000);
  }

  tokenFetch(ok: boolean, errcode: number | null): void {
    this.#tokenFetches.inc({
      outcome: ok ? 'ok' : 'error',
      errcode: errcode === null ? 'none' : String(errcode),
    });
  }

  tokenLookup(hit: boolean): void {
    this.#tokenLookups.inc({ result: hit ? 'hit' : 'miss' });
  }

  whitelistFailure(accountId: string, ip: string | null): void {
    this.#whitelistFailures.inc({ account: accountId, ip: ip ?? 'unknown' });
  }

  lockBusy(): void {
    this.#lockBusy.inc();
  }

  wechatCall(endpoint: string, outcome: string): void {
    this.#wechatCalls.inc({ endpoint, outcome });
  }

  tokenFight(appId: string): void {
    this.#tokenFights.inc({ app: appId });
  }

  tokenIssued(clientId: string, appId: string, via: 'read' | 'refresh'): void {
    this.#tokensIssued.inc({ client: clientId, app: appId, via });
  }

  /** The exposition text and its content type, for an HTTP answer. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
