import { operationsFrom, type RunningApi, startApi } from '../../src/api/index.js';
import { type AppConfig, parseTokenClients, Sensitive } from '../../src/config/index.js';
import { PromMetrics } from '../../src/metrics/index.js';
import { createServices, type Services } from '../../src/runtime/services.js';
import { type AppConfigInput, type SimulatorHandle, startSimulator } from '../simulator/index.js';
import { type CapturedLog, captureLog } from './log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from './redis.js';
import { makeAccount, type TestAccountSpec, testConfig } from './test-config.js';

export interface AuthorityClientSpec {
  clientId: string;
  credential: string;
  apps: string[];
  perMinute?: number;
}

export interface AuthorityWorld {
  sim: SimulatorHandle;
  config: AppConfig;
  services: Services;
  api: RunningApi;
  log: CapturedLog;
  prefix: string;
  /** fetch() against the API with a client's bearer credential. */
  call(
    path: string,
    credential: string | null,
    init?: { method?: string; body?: unknown },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface AuthorityWorldOptions {
  name: string;
  accounts: TestAccountSpec[];
  clients: AuthorityClientSpec[];
  app?: Partial<AppConfigInput>;
  config?: Partial<AppConfig>;
  logLevel?: string;
  /** WECHAT_PROXY_URL for the services (every WeChat call through it). */
  proxyUrl?: string;
}

/**
 * The token authority as an operator runs it: the simulator with the accounts' apps,
 * the services (token cache, metrics) and the HTTP API listening on an ephemeral port,
 * under a unique prefix; no worker. close() removes all of it.
 */
export async function startAuthorityWorld(opts: AuthorityWorldOptions): Promise<AuthorityWorld> {
  const sim = await startSimulator();
  for (const a of opts.accounts) sim.state.putApp(a.appId, { secret: a.secret, quotas: false, ...opts.app });
  const prefix = uniquePrefix(opts.name);
  const accounts = opts.accounts.map(makeAccount);
  const tokenClients = parseTokenClients(
    opts.clients,
    'token-clients.json',
    {},
    new Set(accounts.map((a) => a.appId)),
  );
  const config = testConfig(
    { queuePrefix: prefix, wechatApiBase: sim.url, accounts },
    { tokenClients, ...opts.config, wechatProxyUrl: opts.proxyUrl ? new Sensitive(opts.proxyUrl) : null },
  );
  const log = captureLog(opts.logLevel ?? 'info');
  const services = createServices(config, log.logger, { metrics: new PromMetrics() });
  const api = await startApi(config, log.logger, { operations: operationsFrom(services) });
  return {
    sim,
    config,
    services,
    api,
    log,
    prefix,
    call(path, credential, init = {}) {
      const headers: Record<string, string> = {};
      if (credential !== null) headers.authorization = `Bearer ${credential}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${api.url}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    },
    async close() {
      await api.close();
      await services.close();
      const redis = createTestRedis();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await sim.close();
    },
  };
}
