import { Gauge, type Registry } from 'prom-client';
import type { StoredQuota } from '../quota/api-quotas.js';
import { METRIC_PREFIX } from './prom-metrics.js';

export interface QuotaGaugeDeps {
  accounts: ReadonlyArray<{ accountId: string }>;
  quotas: { all(accountId: string): Promise<Record<string, StoredQuota>> };
}

/**
 * WeChat's daily quota per account and API, as `openapi/quota/get` last answered it
 * (the workers refresh it after syncs), read from Redis at scrape time like the queue
 * gauges. `api` is the cgi path, e.g. `/cgi-bin/user/get`.
 */
export function registerQuotaGauges(registry: Registry, deps: QuotaGaugeDeps): void {
  const registers = [registry];
  const read = () =>
    Promise.all(deps.accounts.map(async (a) => [a.accountId, await deps.quotas.all(a.accountId)] as const));
  new Gauge({
    name: `${METRIC_PREFIX}wechat_quota_remaining`,
    help: "Calls left today of one WeChat API for one account (WeChat's openapi/quota/get).",
    labelNames: ['account', 'api'],
    registers,
    async collect() {
      this.reset();
      for (const [account, byPath] of await read())
        for (const [api, q] of Object.entries(byPath)) this.set({ account, api }, q.remain);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}wechat_quota_daily_limit`,
    help: 'Daily limit of one WeChat API for one account.',
    labelNames: ['account', 'api'],
    registers,
    async collect() {
      this.reset();
      for (const [account, byPath] of await read())
        for (const [api, q] of Object.entries(byPath)) this.set({ account, api }, q.dailyLimit);
    },
  });
}
