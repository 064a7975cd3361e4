import type { Account, AppConfig, SyncKind } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { TEST_REDIS_URL } from './redis.js';

export interface TestAccountSpec {
  accountId: string;
  appId: string;
  secret: string;
  sync?: SyncKind[];
}

export function makeAccount(spec: TestAccountSpec): Account {
  return {
    accountId: spec.accountId,
    appId: spec.appId,
    appSecret: new Sensitive(spec.secret),
    schedule: null,
    sync: spec.sync ?? ['articles'],
  };
}

/** A full AppConfig for tests: the defaults of the real config, overridden per test. */
export function testConfig(
  base: { queuePrefix: string; wechatApiBase: string; accounts: Account[] },
  overrides: Partial<AppConfig> = {},
): AppConfig {
  return {
    redisUrl: TEST_REDIS_URL,
    redisClusterNodes: null,
    redisConnectTimeoutMs: 5_000,
    hostId: 'test-host',
    storeUrl: null,
    publicUrl: null,
    wechatMpBase: 'https://mp.weixin.qq.com',
    wechatOpenBase: 'https://open.weixin.qq.com',
    platforms: [],
    accountsFile: '/dev/null',
    tokenClientsFile: null,
    tokenClients: [],
    wechatProxyUrl: null,
    port: 0,
    host: '127.0.0.1',
    apiToken: null,
    board: null,
    boardViewer: null,
    consoleLang: 'auto',
    logLevel: 'debug',
    tokenEndpoint: 'stable',
    tokenRefreshMarginMs: 300_000,
    wechatTimeoutMs: 5_000,
    // Tests of other things should not wait on pacing.
    wechatRatePerApp: 10_000,
    workerConcurrency: 5,
    whitelistBlockMs: 15 * 60_000,
    lockTtlMs: 10_000,
    shutdownGraceMs: 5_000,
    workerLockDurationMs: 30_000,
    workerStalledIntervalMs: 30_000,
    retryBaseDelayMs: 5_000,
    metricsPort: null,
    alertWebhookUrl: null,
    analyticsBackfillDays: 30,
    analyticsCallsPerPass: 100,
    logPretty: false,
    ...base,
    ...overrides,
  };
}
