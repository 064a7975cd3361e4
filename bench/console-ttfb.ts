import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { startApi } from '../src/api/index.js';
import type { Account } from '../src/config/index.js';
import { createServices } from '../src/runtime/services.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { makeAccount } from '../test/helpers/test-config.js';
import { type BenchWorld, benchAccount, benchConnection } from './bench-world.js';
import { percentile } from './stats.js';

/** Requests per figure in one run: the median of these is the run's figure. */
const REQUESTS = 30;
const PINGS = 200;

/** Milliseconds from sending a GET to its response headers (the first byte: the page is sent whole). */
function timeToFirstByte(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(url, { timeout: 10_000 }, (response) => {
      const ms = performance.now() - started;
      if (response.statusCode !== 200) reject(new Error(`console answered ${response.statusCode}`));
      response.resume();
      response.on('end', () => resolve(ms));
    });
    request.on('timeout', () => request.destroy(new Error('console: no answer in 10 s')));
    request.on('error', reject);
  });
}

/** A mix of states, so the page classifies, sorts and renders real rows: 1 in 10 blocked, 1 in 7 never synced. */
async function seedStates(
  redis: ReturnType<typeof benchConnection>,
  prefix: string,
  accounts: readonly Account[],
): Promise<void> {
  const now = Date.now();
  const base = prefix.replace(/[{}]/g, '');
  for (let from = 0; from < accounts.length; from += 1000) {
    const pipeline = redis.pipeline();
    accounts.slice(from, from + 1000).forEach((a, k) => {
      const i = from + k;
      if (i % 7 === 0) return;
      const state = `${base}:state:{${a.accountId}}`;
      pipeline.hset(state, {
        lastSuccessAt: String(now - (i % 50) * 60_000),
        lastSuccessJobId: `${a.accountId}-x`,
      });
      if (i % 10 === 0) {
        pipeline.hset(state, {
          lastFailureAt: String(now),
          lastFailureCode: 'IP_NOT_WHITELISTED',
          lastFailureSummary: `WeChat refused account ${a.accountId} because IP 1.92.157.200 is not in its API IP whitelist.`,
          lastSeenIp: '1.92.157.200',
        });
        pipeline.set(`${base}:block:{${a.accountId}}`, '{}', 'PX', 600_000);
      }
    });
    await pipeline.exec();
  }
}

/**
 * Time to first byte of GET /console with `count` accounts, beside a plain Redis PING from
 * this process in the same run (the floor of any page that reads Redis at all).
 */
export async function consoleRun(
  world: BenchWorld,
  prefix: string,
  count: number,
  logger: Logger,
): Promise<{ ttfbMs: number; ttfbP95Ms: number; redisPingMs: number; ratio: number }> {
  const accounts = Array.from({ length: count }, (_, i) => makeAccount(benchAccount(i)));
  const config = world.config(prefix, { accounts, port: 0 });
  const redis = benchConnection(world);
  const services = createServices(config, logger);
  const api = await startApi(config, logger, {
    operations: { accounts, tokens: services.tokens, lock: services.lock, metrics: services.metrics },
  });
  try {
    await seedStates(redis, prefix, accounts);
    await timeToFirstByte(api.consoleUrl); // warm-up: templates compiled, scripts loaded
    const pages: number[] = [];
    for (let i = 0; i < REQUESTS; i++) pages.push(await timeToFirstByte(api.consoleUrl));
    const pings: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const started = performance.now();
      await redis.ping();
      pings.push(performance.now() - started);
    }
    pages.sort((a, b) => a - b);
    pings.sort((a, b) => a - b);
    const ttfbMs = percentile(pages, 50);
    const redisPingMs = percentile(pings, 50);
    return { ttfbMs, ttfbP95Ms: percentile(pages, 95), redisPingMs, ratio: ttfbMs / redisPingMs };
  } finally {
    await api.close();
    await services.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}
