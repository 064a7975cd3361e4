import type { Account, AppConfig } from '../src/config/index.js';
import { createLogger, type Logger } from '../src/log/index.js';
import { createRedisConnection } from '../src/redis/connection.js';
import type { Services } from '../src/runtime/services.js';
import type { AccessToken } from '../src/wechat/access-token.js';
import { MAX_PAGE_COUNT } from '../src/wechat/client.js';
import type { PublishedPage } from '../src/wechat/types.js';
import { PrivateRedis } from '../test/helpers/private-redis.js';
import { makeAccount, testConfig } from '../test/helpers/test-config.js';
import { type AppConfigInput, type SimulatorHandle, startSimulator } from '../test/simulator/index.js';
import { type RemoteSimulator, startRemoteSimulator } from './remote-simulator.js';

/** One bench account: its own app, so token and lock work is per account as in production. */
export function benchAccount(i: number): { accountId: string; appId: string; secret: string } {
  return {
    accountId: `bench_${i}`,
    appId: `wxbe${i.toString(16).padStart(14, '0')}`,
    secret: `bench-secret-${i}`,
  };
}

/** Drops every line: the pipeline pays for formatting its log lines, not for a terminal. */
export function discardingLogger(level = 'info'): Logger {
  return createLogger({ level, pretty: false, destination: { write: () => undefined } });
}

export interface BenchWorld {
  redis: PrivateRedis;
  /** In this process: for sections that read the simulator's counters (token budget). */
  sim: SimulatorHandle;
  /** The same apps in a process of their own: what config() points at (see remote-simulator.ts). */
  remoteSim: RemoteSimulator;
  accounts: Account[];
  /** A config for in-process services under `prefix`, calling the remote simulator. */
  config(prefix: string, overrides?: Partial<AppConfig>): AppConfig;
  close(): Promise<void>;
}

/**
 * A private redis-server (so INFO commandstats counts only our commands and nothing else
 * competes for it) and the simulator with `count` apps: no quotas, no latency, one page
 * of articles each unless `app` says otherwise.
 */
export async function startBenchWorld(count: number, app: Partial<AppConfigInput> = {}): Promise<BenchWorld> {
  const redis = await PrivateRedis.start();
  const sim = await startSimulator();
  const specs = Array.from({ length: count }, (_, i) => benchAccount(i));
  const apps: Record<string, AppConfigInput> = {};
  for (const spec of specs) {
    apps[spec.appId] = {
      secret: spec.secret,
      quotas: false,
      latencyMs: 0,
      seed: { articles: 5 },
      ...app,
    };
    sim.state.putApp(spec.appId, apps[spec.appId] as AppConfigInput);
  }
  const remoteSim = await startRemoteSimulator(apps);
  const accounts = specs.map((spec) => makeAccount(spec));
  return {
    redis,
    sim,
    remoteSim,
    accounts,
    config: (prefix, overrides = {}) =>
      testConfig(
        { queuePrefix: prefix, wechatApiBase: remoteSim.url, accounts },
        { redisUrl: redis.url, ...overrides },
      ),
    async close() {
      await remoteSim.close();
      await sim.close();
      await redis.close();
    },
  };
}

/** A connection to the bench Redis with the worker role's settings (waits through reconnects). */
export function benchConnection(world: BenchWorld) {
  return createRedisConnection(world.redis.url, 'worker');
}

/** Each account's token from the (warmed) cache, read once: for baselines that must not pay for it. */
export async function cachedTokens(
  services: Services,
  accounts: Account[],
): Promise<Map<string, AccessToken>> {
  const tokens = new Map<string, AccessToken>();
  for (const account of accounts) tokens.set(account.accountId, await services.tokens.get(account));
  return tokens;
}

/** The one WeChat call of a one-page articles sync, as the pipeline makes it. */
export function firstArticlesPage(
  services: Services,
  appId: string,
  token: AccessToken,
): Promise<PublishedPage> {
  return services.client.batchGetPublished(appId, token, {
    offset: 0,
    count: MAX_PAGE_COUNT,
    noContent: true,
  });
}
