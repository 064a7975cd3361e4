/**
 * The callers of the authority bench (bench/authority.ts), in their own process so that
 * the API's CPU is not shared with 200 HTTP clients: `CALLERS` loops at once, `PER_CALLER`
 * requests each, first GET …/apps/:appId/token over keep-alive sockets, then a plain Redis
 * GET of the same cached tokens. Prints one JSON line: answers/s and p99 of each.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import got from 'got';
import { Redis } from 'ioredis';
import { percentile } from './stats.js';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`authority-callers: ${name} is not set`);
  return value;
}

const callers = Number(env('CALLERS'));
const perCaller = Number(env('PER_CALLER'));
const apps = env('APPS').split(',');
const tokenKeys = env('TOKEN_KEYS').split(',');

async function hammer(once: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < perCaller; i += 1) {
        const t0 = performance.now();
        await once(n++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: latencies.length / seconds, p99Ms: percentile(latencies, 99) };
}

// One keep-alive socket per caller, as 200 client processes would each hold one.
const agent = new Agent({ keepAlive: true, maxSockets: callers });
const http = got.extend({
  prefixUrl: env('API_URL'),
  agent: { http: agent },
  headers: { authorization: `Bearer ${env('CREDENTIAL')}` },
  retry: { limit: 0 },
  timeout: { request: 60_000 },
});
const authority = await hammer(async (i) => {
  const res = await http(`official-api/wechat/apps/${apps[i % apps.length]}/token`);
  if (res.statusCode !== 200) throw new Error(`authority answered ${res.statusCode}`);
});
agent.destroy();

const redis = new Redis(env('REDIS_URL'), { maxRetriesPerRequest: 1 });
const plain = await hammer(async (i) => {
  if ((await redis.get(tokenKeys[i % tokenKeys.length] as string)) === null)
    throw new Error('token key missing');
});
await redis.quit();
process.stdout.write(`${JSON.stringify({ authority, plain })}\n`);
