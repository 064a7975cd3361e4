import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import got from 'got';
import { operationsFrom, startApi } from '../src/api/index.js';
import { parseTokenClients } from '../src/config/index.js';
import { PromMetrics } from '../src/metrics/index.js';
import { RedisKeys } from '../src/redis/keys.js';
import { createServices } from '../src/runtime/services.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { type BenchWorld, benchConnection, discardingLogger } from './bench-world.js';
import { percentile } from './stats.js';

export interface AuthorityFigures {
  authorityPerSec: number;
  authorityP99Ms: number;
  redisGetPerSec: number;
  redisGetP99Ms: number;
}

const CREDENTIAL = 'bench-authority-credential-0123';

/** `callers` loops at once, `perCaller` requests each; returns answers/s and p99 latency. */
async function hammer(callers: number, perCaller: number, once: () => Promise<void>) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < perCaller; i += 1) {
        const t0 = performance.now();
        await once();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: latencies.length / seconds, p99Ms: percentile(latencies, 99) };
}

/**
 * The token authority under `callers` concurrent clients (GET …/apps/:appId/token over
 * HTTP keep-alive, the cache warm, rate limit and log line included), beside a plain
 * Redis GET of the same cached token by as many concurrent callers, in the same run.
 */
export async function authorityRun(
  world: BenchWorld,
  run: number,
  opts: { callers: number; perCaller: number; apps: number },
): Promise<AuthorityFigures> {
  const prefix = `bench-authority-${run}-${Date.now().toString(36)}`;
  const accounts = world.accounts.slice(0, opts.apps);
  const tokenClients = parseTokenClients(
    [{ clientId: 'bench', credential: CREDENTIAL, apps: accounts.map((a) => a.appId), perMinute: 100_000 }],
    'bench-clients.json',
    {},
    new Set(world.accounts.map((a) => a.appId)),
  );
  const config = world.config(prefix, { tokenClients, port: 0 });
  const logger = discardingLogger();
  const services = createServices(config, logger, { metrics: new PromMetrics() });
  const api = await startApi(config, logger, { operations: operationsFrom(services) });
  const redis = benchConnection(world);
  const headers = { authorization: `Bearer ${CREDENTIAL}` };
  const url = (i: number) =>
    `${api.url}/official-api/wechat/apps/${accounts[i % accounts.length]?.appId}/token`;
  try {
    for (let i = 0; i < accounts.length; i += 1) {
      const res = await fetch(url(i), { headers });
      if (res.status !== 200) throw new Error(`authority bench: warm-up answered ${res.status}`);
    }
    // One keep-alive socket per caller, as 200 client processes would hold.
    const agent = new Agent({ keepAlive: true, maxSockets: opts.callers });
    const http = got.extend({
      agent: { http: agent },
      headers,
      retry: { limit: 0 },
      timeout: { request: 60_000 },
    });
    let n = 0;
    const authority = await hammer(opts.callers, opts.perCaller, async () => {
      const res = await http(url(n++));
      if (res.statusCode !== 200) throw new Error(`authority bench: answered ${res.statusCode}`);
    }).finally(() => agent.destroy());
    const keys = new RedisKeys(prefix);
    let m = 0;
    const plain = await hammer(opts.callers, opts.perCaller, async () => {
      if ((await redis.get(keys.token(accounts[m++ % accounts.length]?.appId ?? ''))) === null) {
        throw new Error('authority bench: the cached token is missing');
      }
    });
    return {
      authorityPerSec: authority.perSec,
      authorityP99Ms: authority.p99Ms,
      redisGetPerSec: plain.perSec,
      redisGetP99Ms: plain.p99Ms,
    };
  } finally {
    await api.close();
    await services.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}
