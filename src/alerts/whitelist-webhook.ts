import { randomBytes } from 'node:crypto';
import got from 'got';
import type { Logger } from 'pino';
import type { Sensitive } from '../config/index.js';
import type { FailureDiagnostic } from '../failures/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { whitelistAlertPayload } from './whitelist-alert-payload.js';

export interface WhitelistWebhookOptions {
  url: Sensitive;
  /** A `client`-role connection: the once-per-period marker lives in Redis, shared by every worker. */
  redis: RedisClient;
  keys: RedisKeys;
  /** One alert per account within this period (the whitelist block's length). */
  periodMs: number;
  logger: Logger;
  /** Retries after the first POST; default 4. */
  retries?: number;
  /** First retry delay, doubled per retry; default 1 s. */
  retryBaseMs?: number;
  /** One POST, connect to last byte; default 5 s. */
  timeoutMs?: number;
}

export type AlertOutcome = 'sent' | 'suppressed' | 'failed';

/**
 * Posts a whitelist fault to ALERT_WEBHOOK_URL: one POST per account per block period
 * across all workers (SET NX on a marker with the period as TTL), retried with backoff
 * by got's own retry (a well-kept implementation of exactly that), never throwing. The
 * caller does not await it, so an alert never holds up a job.
 */
export class WhitelistWebhook {
  readonly #opts: Required<WhitelistWebhookOptions>;
  readonly #pending = new Set<Promise<AlertOutcome>>();

  constructor(opts: WhitelistWebhookOptions) {
    this.#opts = { retries: 4, retryBaseMs: 1_000, timeoutMs: 5_000, ...opts };
  }

  notify(diagnostic: FailureDiagnostic): Promise<AlertOutcome> {
    const sending = this.#notify(diagnostic).finally(() => this.#pending.delete(sending));
    this.#pending.add(sending);
    return sending;
  }

  /** Waits for alerts in flight (each bounded by its retries and timeouts). */
  async close(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  async #notify(diagnostic: FailureDiagnostic): Promise<AlertOutcome> {
    const { redis, keys, logger } = this.#opts;
    const accountId = diagnostic.accountId ?? 'unknown';
    const marker = keys.alertSent(accountId);
    const mark = randomBytes(8).toString('hex');
    try {
      const first = await redis.set(marker, mark, 'PX', Math.max(1, this.#opts.periodMs), 'NX');
      if (first === null) return 'suppressed';
      await this.#post(whitelistAlertPayload(diagnostic));
      logger.info({ accountId }, 'whitelist alert sent to the webhook');
      return 'sent';
    } catch (err) {
      // got's errors carry the URL, which may hold the webhook's token: log the code only.
      const code = (err as { code?: string }).code ?? (err instanceof Error ? err.name : 'unknown');
      logger.warn({ accountId, code }, 'whitelist alert could not be delivered');
      // Let the next fault try again rather than stay silent for the whole period.
      await redis
        .eval(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
          1,
          marker,
          mark,
        )
        .catch(() => undefined);
      return 'failed';
    }
  }

  async #post(payload: object): Promise<void> {
    const base = this.#opts.retryBaseMs;
    await got.post(this.#opts.url.reveal(), {
      json: payload,
      timeout: { request: this.#opts.timeoutMs },
      followRedirect: false,
      retry: {
        limit: this.#opts.retries,
        methods: ['POST'],
        // got computes 0 when the failure is not retryable (e.g. 400); keep that, else back off.
        calculateDelay: ({ attemptCount, computedValue }) =>
          computedValue === 0 ? 0 : base * 2 ** (attemptCount - 1),
      },
    });
  }
}
