import { operationsFrom, startApi } from '../src/api/index.js';
import { parseTokenClients } from '../src/config/index.js';
import { PromMetrics } from '../src/metrics/index.js';
import { RedisKeys } from '../src/redis/keys.js';
import { createServices } from '../src/runtime/services.js';
import { EntryProcess } from '../test/helpers/entry-process.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { type BenchWorld, benchConnection, discardingLogger } from './bench-world.js';

export interface AuthorityFigures {
  authorityPerSec: number;
  authorityP99Ms: number;
  redisGetPerSec: number;
  redisGetP99Ms: number;
}

const CREDENTIAL = 'bench-authority-credential-0123';

/**
 * The token authority under `callers` concurrent clients (GET …/apps/:appId/token over
 * HTTP keep-alive, the cache warm, rate limit and log line included), beside a plain
 * Redis GET of the same cached token by as many concurrent callers, in the same run. The
 * callers run in a process of their own (bench/authority-callers.ts).
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
    const keys = new RedisKeys(prefix);
    const callers = new EntryProcess('bench/authority-callers.ts', [], {
      CALLERS: String(opts.callers),
      PER_CALLER: String(opts.perCaller),
      APPS: accounts.map((a) => a.appId).join(','),
      TOKEN_KEYS: accounts.map((a) => keys.token(a.appId)).join(','),
      API_URL: api.url,
      CREDENTIAL,
      REDIS_URL: world.redis.url,
    });
    const exit = await callers.exited;
    if (exit.code !== 0) throw new Error(`authority bench callers failed:\n${callers.stderr.slice(-2000)}`);
    const { authority, plain } = JSON.parse(callers.stdout.trim().split('\n').at(-1) ?? '{}') as Record<
      'authority' | 'plain',
      { perSec: number; p99Ms: number }
    >;
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
