import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import type { Account } from '../config/index.js';
import { cachedValue } from './cached-value.js';
import { METRIC_PREFIX } from './prom-metrics.js';
import { scheduleIntervalMs } from './schedule-interval.js';

/** The job states the depth gauge reports (BullMQ's names). */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

export interface QueueGaugeDeps {
  queue: Pick<Queue, 'getJobCounts'>;
  accounts: readonly Account[];
  blocks: Pick<AccountBlocks, 'get'>;
  status: Pick<AccountStatus, 'get'>;
  now?: () => number;
  /** How long one read of the accounts' state serves scrapes; default ACCOUNT_STATE_CACHE_MS. */
  cacheMs?: number;
}

/**
 * /metrics needs no auth (like /healthz) and reading every account's block and status
 * costs two Redis reads per account: without a cache, anyone who can reach it could make
 * Redis do that work as often as they like. Scrapers ask every 15 s or more.
 */
export const ACCOUNT_STATE_CACHE_MS = 5_000;

/**
 * Gauges read from Redis at scrape time, registered only where a queue is at hand (the
 * API process): reading state shared by every worker once per scrape is cheaper and
 * more accurate than each worker pushing its own view.
 */
export function registerQueueGauges(registry: Registry, deps: QueueGaugeDeps): void {
  const now = deps.now ?? Date.now;
  const registers = [registry];
  const ttl = deps.cacheMs ?? ACCOUNT_STATE_CACHE_MS;
  const counts = cachedValue(() => deps.queue.getJobCounts(...QUEUE_STATES), ttl, now);
  const accountState = cachedValue(
    async () => {
      const ids = deps.accounts.map((a) => a.accountId);
      const [blocks, records] = await Promise.all([
        Promise.all(ids.map((id) => deps.blocks.get(id))),
        Promise.all(ids.map((id) => deps.status.get(id))),
      ]);
      return { blocks, records };
    },
    ttl,
    now,
  );
  new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: 'Jobs in the sync queue by state.',
    labelNames: ['state'],
    registers,
    async collect() {
      const byState = await counts();
      for (const state of QUEUE_STATES) this.set({ state }, byState[state] ?? 0);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}account_blocked`,
    help: '1 while an account is blocked after a whitelist failure, labelled with the IP WeChat refused.',
    labelNames: ['account', 'ip'],
    registers,
    async collect() {
      this.reset();
      const { blocks } = await accountState();
      blocks.forEach((block, i) => {
        const account = deps.accounts[i]?.accountId;
        if (block && account) this.set({ account, ip: block.diagnostic.ip ?? 'unknown' }, 1);
      });
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}account_last_success_timestamp_seconds`,
    help: 'When the last sync of each account completed (0 = never).',
    labelNames: ['account'],
    registers,
    async collect() {
      const { records } = await accountState();
      records.forEach((record, i) => {
        const account = deps.accounts[i]?.accountId;
        if (account) this.set({ account }, (record.lastSuccessAt ?? 0) / 1000);
      });
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}account_schedule_interval_seconds`,
    help: 'Longest gap between two scheduled syncs of each account (accounts with a schedule only).',
    labelNames: ['account'],
    registers,
    collect() {
      for (const account of deps.accounts) {
        const interval = scheduleIntervalMs(account.schedule, now());
        if (interval !== null) this.set({ account: account.accountId }, interval / 1000);
      }
    },
  });
}
