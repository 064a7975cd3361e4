import type { FastifyInstance } from 'fastify';
import { AccountBlocks, AccountStatus } from '../../src/accounts/index.js';
import { AnalyticsStore } from '../../src/analytics/analytics-store.js';
import { buildApi } from '../../src/api/index.js';
import type { AppConfig } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { PendingEvents } from '../../src/push/pending-events.js';
import { type PushMode, PushSender } from '../simulator/index.js';
import { startTestSystem, type TestSystem } from './system.js';
import type { TestAccountSpec } from './test-config.js';

export const PUSH_TOKEN = 'pushTokenForTests42';
export const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export interface PushWorld {
  system: TestSystem;
  app: FastifyInstance;
  /** The API's origin (listening on a free port). */
  url: string;
  sender(accountId: string, mode: PushMode, opts?: { answerTimeoutMs?: number; token?: string }): PushSender;
  close(): Promise<void>;
}

/**
 * Simulator + worker (startTestSystem) + the HTTP API listening on a free port with the
 * push routes, every account configured with PUSH_TOKEN and ENCODING_AES_KEY.
 */
export async function startPushWorld(
  name: string,
  accounts: TestAccountSpec[],
  config: Partial<AppConfig> = {},
  opts: { worker?: boolean } = {},
): Promise<PushWorld> {
  const system = await startTestSystem({ name, accounts, config, worker: opts.worker ?? true });
  for (const account of system.config.accounts)
    account.push = { token: new Sensitive(PUSH_TOKEN), encodingAESKey: new Sensitive(ENCODING_AES_KEY) };
  const { services } = system;
  const app = await buildApi({
    config: system.config,
    queue: system.queue,
    redis: system.redis,
    blocks: new AccountBlocks(system.redis, services.keys),
    status: new AccountStatus(system.redis, services.keys),
    store: services.store,
    logger: system.log.logger,
    pushes: new PendingEvents(system.redis, services.keys),
    analytics: new AnalyticsStore(system.redis, services.keys),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const appIds = new Map(system.config.accounts.map((a) => [a.accountId, a.appId]));
  return {
    system,
    app,
    url,
    sender(accountId, mode, o = {}) {
      return new PushSender({
        url: `${url}/wechat/push/${accountId}`,
        token: o.token ?? PUSH_TOKEN,
        appId: appIds.get(accountId) ?? '',
        mode,
        encodingAESKey: ENCODING_AES_KEY,
        answerTimeoutMs: o.answerTimeoutMs ?? 5_000,
      });
    },
    async close() {
      await app.close();
      await system.close();
    },
  };
}

/**
 * Resolves once every pushed event of the account is applied: its pending list is empty
 * and no job is waiting, delayed or running. Checked on every completed job (BullMQ
 * queue events), not by polling; rejects after `timeoutMs`.
 */
export function pushesSettled(world: PushWorld, accountId: string, timeoutMs = 30_000): Promise<void> {
  const { system } = world;
  const pending = new PendingEvents(system.redis, system.services.keys);
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      system.events.off('completed', onCompleted);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`pushes of ${accountId} not applied after ${timeoutMs} ms`)),
      timeoutMs,
    );
    async function check(): Promise<void> {
      const counts = await system.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      const busy = Object.values(counts).reduce((a, b) => a + b, 0);
      if (busy === 0 && (await pending.size(accountId)) === 0) finish();
    }
    const onCompleted = () => {
      check().catch((err: unknown) => finish(err as Error));
    };
    system.events.on('completed', onCompleted);
    onCompleted();
  });
}
