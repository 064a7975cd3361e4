import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type AppConfig, ConfigError, ENV_VAR_NAMES, loadConfig } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { scrubString } from '../../src/log/index.js';
import { account, createConfigDir } from '../helpers/config-files.js';

const files = createConfigDir('config-env');
let cwd: string;

beforeAll(() => {
  files.write('accounts.json', [account(1)]);
  cwd = files.dir;
});
afterAll(() => files.remove());

function load(env: NodeJS.ProcessEnv): AppConfig {
  return loadConfig(env, { cwd });
}

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('defaults', () => {
  test('an empty environment gives every documented default', () => {
    const { accounts, ...config } = load({});
    expect(config).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      redisClusterNodes: null,
      redisConnectTimeoutMs: 5_000,
      hostId: hostname(),
      storeUrl: null,
      wechatApiBase: 'https://api.weixin.qq.com',
      publicUrl: null,
      wechatMpBase: 'https://mp.weixin.qq.com',
      wechatOpenBase: 'https://open.weixin.qq.com',
      platforms: [],
      accountsFile: `${cwd}/accounts.json`,
      tokenClientsFile: null,
      tokenClients: [],
      wechatProxyUrl: null,
      port: 8084,
      host: '127.0.0.1',
      apiToken: null,
      board: null,
      boardViewer: null,
      consoleLang: 'auto',
      queuePrefix: 'wechat',
      logLevel: 'info',
      tokenEndpoint: 'stable',
      tokenRefreshMarginMs: 300_000,
      wechatTimeoutMs: 10_000,
      wechatRatePerApp: 10,
      workerConcurrency: 10,
      whitelistBlockMs: 900_000,
      lockTtlMs: 30_000,
      shutdownGraceMs: 30_000,
      workerLockDurationMs: 30_000,
      workerStalledIntervalMs: 30_000,
      retryBaseDelayMs: 5_000,
      metricsPort: null,
      alertWebhookUrl: null,
      analyticsBackfillDays: 30,
      analyticsCallsPerPass: 100,
      logPretty: 'auto',
    });
    expect(accounts.map((a) => a.accountId)).toEqual(['acct_1']);
  });

  test('a variable set to the empty string counts as unset', () => {
    const empty = Object.fromEntries(ENV_VAR_NAMES.map((name) => [name, '']));
    expect(load(empty)).toEqual(load({}));
  });
});

describe('valid values', () => {
  test('are parsed into typed camelCase fields, seconds turned into milliseconds', () => {
    const config = load({
      REDIS_URL: 'rediss://cache.internal:6380/2',
      STORE_URL: 'postgres://sync@db.internal:5432/wechat',
      WECHAT_API_BASE: 'http://127.0.0.1:8085/',
      PORT: '9000',
      HOST: '0.0.0.0',
      QUEUE_PREFIX: '{wechat}',
      LOG_LEVEL: 'debug',
      WECHAT_TOKEN_ENDPOINT: 'token',
      TOKEN_REFRESH_MARGIN_SECONDS: '0',
      WECHAT_TIMEOUT_MS: '2500',
      WORKER_CONCURRENCY: '1000',
      WHITELIST_BLOCK_SECONDS: '60',
      LOCK_TTL_MS: '1000',
      SHUTDOWN_GRACE_MS: '0',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      RETRY_BASE_DELAY_MS: '20',
      LOG_PRETTY: 'false',
    });
    expect(config).toMatchObject({
      redisUrl: 'rediss://cache.internal:6380/2',
      storeUrl: 'postgres://sync@db.internal:5432/wechat',
      wechatApiBase: 'http://127.0.0.1:8085',
      port: 9000,
      host: '0.0.0.0',
      queuePrefix: '{wechat}',
      logLevel: 'debug',
      tokenEndpoint: 'token',
      tokenRefreshMarginMs: 0,
      wechatTimeoutMs: 2500,
      workerConcurrency: 1000,
      whitelistBlockMs: 60_000,
      lockTtlMs: 1000,
      shutdownGraceMs: 0,
      workerLockDurationMs: 2000,
      workerStalledIntervalMs: 1000,
      retryBaseDelayMs: 20,
      logPretty: false,
    });
    expect(load({ LOG_PRETTY: 'true' }).logPretty).toBe(true);
    expect(load({ STORE_URL: 'postgresql://127.0.0.1/test' }).storeUrl).toBe('postgresql://127.0.0.1/test');
  });

  test('WECHAT_API_BASE keeps a path prefix but never a trailing slash', () => {
    expect(load({ WECHAT_API_BASE: 'https://proxy.example/wechat//' }).wechatApiBase).toBe(
      'https://proxy.example/wechat',
    );
  });

  test('API_TOKEN and BOARD_PASSWORD are wrapped in Sensitive and print as [redacted]', () => {
    const config = load({
      API_TOKEN: 'tok-0123456789abcdef',
      BOARD_USER: 'ops',
      BOARD_PASSWORD: 'board-pw-123',
    });
    expect(config.apiToken).toBeInstanceOf(Sensitive);
    expect(config.apiToken?.reveal()).toBe('tok-0123456789abcdef');
    expect(config.board?.user).toBe('ops');
    expect(config.board?.password.reveal()).toBe('board-pw-123');
    const printed = JSON.stringify(config);
    expect(printed).not.toContain('tok-0123456789abcdef');
    expect(printed).not.toContain('board-pw-123');
  });

  test('ACCOUNTS_FILE is resolved against cwd, an absolute path is kept', () => {
    const nested = files.write('conf/prod.json', [account(2)]);
    expect(load({ ACCOUNTS_FILE: 'conf/prod.json' }).accountsFile).toBe(nested);
    expect(load({ ACCOUNTS_FILE: nested }).accounts[0]?.accountId).toBe('acct_2');
  });

  test('every credential the config holds is registered with the log scrubber', () => {
    files.write('secrets.json', [account(3, { appSecret: 'env:CFG_TEST_SECRET' })]);
    load({
      ACCOUNTS_FILE: 'secrets.json',
      CFG_TEST_SECRET: 'app-secret-from-env-9f8e7d',
      API_TOKEN: 'api-token-0123456789-zz',
      BOARD_USER: 'ops',
      BOARD_PASSWORD: 'board-password-77',
      REDIS_URL: 'redis://:redis%2Fpass-42@127.0.0.1:6379',
      STORE_URL: 'postgres://sync:pg%40pass-51@127.0.0.1:5432/wechat',
    });
    for (const secret of [
      'app-secret-from-env-9f8e7d',
      'api-token-0123456789-zz',
      'board-password-77',
      'redis/pass-42',
      'redis%2Fpass-42',
      'pg@pass-51',
      'pg%40pass-51',
    ]) {
      expect(scrubString(`value ${secret} here`)).toBe('value [redacted] here');
    }
  });
});

/** [variable, raw value, exact problem]. */
const rejections: [string, string, string][] = [
  ['REDIS_URL', 'http://127.0.0.1:6379', 'must be a redis:// or rediss:// URL, got scheme "http:"'],
  ['REDIS_URL', 'not a url', 'must be a redis:// or rediss:// URL (value not shown: it may hold a password)'],
  [
    'STORE_URL',
    'mysql://127.0.0.1/wechat',
    'must be a postgres:// or postgresql:// URL, got scheme "mysql:"',
  ],
  [
    'STORE_URL',
    'not a url',
    'must be a postgres:// or postgresql:// URL (value not shown: it may hold a password)',
  ],
  ['STORE_URL', 'postgres:///wechat', 'must name a host, e.g. postgres://127.0.0.1:5432/wechat'],
  ['WECHAT_API_BASE', 'ftp://api.example', 'must be an http:// or https:// URL, got "ftp://api.example"'],
  ['WECHAT_API_BASE', 'api.weixin.qq.com', 'must be an http:// or https:// URL, got "api.weixin.qq.com"'],
  [
    'WECHAT_API_BASE',
    'https://x.example/?a=1',
    'must not have a query string or fragment, got "https://x.example/?a=1"',
  ],
  ['WECHAT_API_BASE', 'https://user:pw@x.example', 'must not contain credentials'],
  ['ACCOUNTS_FILE', '   ', 'must not be blank'],
  ['PORT', 'abc', 'must be an integer between 1 and 65535, got "abc"'],
  ['PORT', '0', 'must be an integer between 1 and 65535, got "0"'],
  ['PORT', '65536', 'must be an integer between 1 and 65535, got "65536"'],
  ['PORT', '80.5', 'must be an integer between 1 and 65535, got "80.5"'],
  ['PORT', '1e3', 'must be an integer between 1 and 65535, got "1e3"'],
  ['PORT', ' 8084', 'must be an integer between 1 and 65535, got " 8084"'],
  ['HOST', 'bad host', 'must be a hostname or IP address, got "bad host"'],
  ['HOST', 'under_score.example', 'must be a hostname or IP address, got "under_score.example"'],
  ['API_TOKEN', 'short', 'must be at least 16 characters when set (got 5)'],
  ['API_TOKEN', 'sixteen chars plus', 'must not contain whitespace'],
  ['QUEUE_PREFIX', 'we chat', 'must not contain whitespace, got "we chat"'],
  ['QUEUE_PREFIX', '{}', 'braces must enclose one non-empty hash tag like {wechat}, got "{}"'],
  ['QUEUE_PREFIX', '{wechat', 'braces must enclose one non-empty hash tag like {wechat}, got "{wechat"'],
  ['QUEUE_PREFIX', '{a}{b}', 'braces must enclose one non-empty hash tag like {wechat}, got "{a}{b}"'],
  ['LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
  ['LOG_LEVEL', 'INFO', 'must be one of fatal, error, warn, info, debug, trace, silent, got "INFO"'],
  ['WECHAT_TOKEN_ENDPOINT', 'both', 'must be one of stable, token, got "both"'],
  ['TOKEN_REFRESH_MARGIN_SECONDS', '-1', 'must be an integer between 0 and 2147483, got "-1"'],
  ['WECHAT_TIMEOUT_MS', '0', 'must be an integer between 1 and 2147483647, got "0"'],
  ['WECHAT_RATE_PER_APP', '0', 'must be an integer between 1 and 10000, got "0"'],
  ['WORKER_CONCURRENCY', '0', 'must be an integer between 1 and 1000, got "0"'],
  ['WORKER_CONCURRENCY', '1001', 'must be an integer between 1 and 1000, got "1001"'],
  ['WHITELIST_BLOCK_SECONDS', 'ten', 'must be an integer between 0 and 2147483, got "ten"'],
  ['LOCK_TTL_MS', '999', 'must be an integer between 1000 and 2147483647, got "999"'],
  ['SHUTDOWN_GRACE_MS', '2147483648', 'must be an integer between 0 and 2147483647, got "2147483648"'],
  ['WORKER_LOCK_DURATION_MS', '999', 'must be an integer between 1000 and 2147483647, got "999"'],
  ['WORKER_STALLED_INTERVAL_MS', '0', 'must be an integer between 1000 and 2147483647, got "0"'],
  ['LOG_PRETTY', 'yes', 'must be one of auto, true, false, got "yes"'],
  ['REDIS_CLUSTER_NODES', '10.0.0.1', 'must be comma-separated host:port entries, got "10.0.0.1"'],
  ['REDIS_CLUSTER_NODES', 'a:7000,,b:7001', 'must be comma-separated host:port entries, got ""'],
  ['REDIS_CLUSTER_NODES', 'a:70000', 'must be comma-separated host:port entries, got "a:70000"'],
  ['HOST_ID', '  ', 'must not be blank'],
];

describe('Redis Cluster and host identity', () => {
  test('REDIS_CLUSTER_NODES gives seed nodes (IPv6 in brackets) and a hash-tag queue prefix by default', () => {
    const config = load({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[::1]:7002' });
    expect(config.redisClusterNodes).toEqual([
      { host: 'redis-a', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(config.queuePrefix).toBe('{wechat}');
    expect(load({ REDIS_CLUSTER_NODES: 'a:7000', QUEUE_PREFIX: 'x{tag}' }).queuePrefix).toBe('x{tag}');
  });

  test('on Cluster a QUEUE_PREFIX without a hash tag is refused (BullMQ keys would spread over slots)', () => {
    const err = configError({ REDIS_CLUSTER_NODES: 'a:7000', QUEUE_PREFIX: 'wechat' });
    expect(err.field).toBe('QUEUE_PREFIX');
    expect(err.problem).toMatch(/^must be a hash tag like \{wechat\} when REDIS_CLUSTER_NODES is set/);
  });

  test('HOST_ID names this host; without it the OS hostname does', () => {
    expect(load({ HOST_ID: 'worker-b' }).hostId).toBe('worker-b');
    expect(load({}).hostId).toBe(hostname());
  });
});

describe('rejections name the variable and say what is wrong', () => {
  test.each(rejections)('%s=%j', (name, raw, problem) => {
    const err = configError({ [name]: raw });
    expect(err.name).toBe('ConfigError');
    expect(err.message).toBe(`${name}: ${problem}`);
    expect({ field: err.field, problem: err.problem }).toEqual({ field: name, problem });
    expect(err.problems).toHaveLength(1);
  });

  test('BOARD_USER and BOARD_PASSWORD come together or not at all', () => {
    expect(configError({ BOARD_USER: 'ops' }).message).toBe(
      'BOARD_PASSWORD: required when BOARD_USER is set',
    );
    expect(configError({ BOARD_PASSWORD: 'pw-123456' }).message).toBe(
      'BOARD_USER: required when BOARD_PASSWORD is set',
    );
    expect(configError({ BOARD_USER: 'a:b', BOARD_PASSWORD: 'pw-123456' }).message).toBe(
      'BOARD_USER: must not contain ":"',
    );
  });

  test('the viewer credential comes as a pair, beside an operator, under another name (issue 17)', () => {
    const operator = { BOARD_USER: 'ops', BOARD_PASSWORD: 'pw-123456' };
    expect(configError({ ...operator, BOARD_VIEWER_USER: 'view' }).message).toBe(
      'BOARD_VIEWER_PASSWORD: required when BOARD_VIEWER_USER is set',
    );
    expect(configError({ ...operator, BOARD_VIEWER_PASSWORD: 'pw-viewer' }).message).toBe(
      'BOARD_VIEWER_USER: required when BOARD_VIEWER_PASSWORD is set',
    );
    expect(configError({ BOARD_VIEWER_USER: 'view', BOARD_VIEWER_PASSWORD: 'pw-viewer' }).message).toBe(
      'BOARD_USER: required when BOARD_VIEWER_USER is set (the viewer needs an operator)',
    );
    expect(
      configError({ ...operator, BOARD_VIEWER_USER: 'ops', BOARD_VIEWER_PASSWORD: 'pw-viewer' }).message,
    ).toBe('BOARD_VIEWER_USER: must differ from BOARD_USER');
    const config = load({
      ...operator,
      BOARD_VIEWER_USER: 'view',
      BOARD_VIEWER_PASSWORD: 'pw-viewer-secret',
    });
    expect(config.boardViewer?.user).toBe('view');
    expect(String(config.boardViewer?.password)).toBe('[redacted]');
    expect(config.boardViewer?.password.reveal()).toBe('pw-viewer-secret');
  });

  test('a Redis URL that does not parse is not echoed (it may hold a password)', () => {
    const err = configError({ REDIS_URL: 'redis//:hunter2-password@cache' });
    expect(err.message).not.toContain('hunter2');
  });

  test('a store URL that does not parse is not echoed (it may hold a password)', () => {
    const err = configError({ STORE_URL: 'postgres//sync:hunter3-password@db' });
    expect(err.message).toContain('STORE_URL');
    expect(err.message).not.toContain('hunter3');
  });

  test('every bad variable is listed, in schema order, the first one leading', () => {
    const err = configError({ LOG_PRETTY: 'yes', PORT: 'abc', BOARD_USER: 'ops' });
    expect(err.problems.map((p) => p.field)).toEqual(['PORT', 'LOG_PRETTY', 'BOARD_PASSWORD']);
    expect(err.field).toBe('PORT');
  });

  test('environment problems are reported before the accounts file is read', () => {
    const err = configError({ PORT: 'abc', ACCOUNTS_FILE: 'does-not-exist.json' });
    expect(err.problems).toEqual([
      { field: 'PORT', problem: 'must be an integer between 1 and 65535, got "abc"' },
    ]);
  });
});
