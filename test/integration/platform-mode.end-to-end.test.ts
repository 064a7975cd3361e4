import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Job } from 'bullmq';
import {
  COMPONENT_APP_ID,
  PLATFORM_ID,
  type PlatformWorld,
  platformAccounts,
  startPlatformWorld,
} from '../helpers/platform-flow-world.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { PrivateRedis } from '../helpers/private-redis.js';
import { requireTool } from '../helpers/require-tool.js';

/**
 * Issue 14's done-when, against the simulator: 200 accounts authorised through the
 * platform by the real flow (link, the administrator's approval, the push and/or the
 * redirect), synced by three workers with one component_access_token per lifetime and one
 * authorizer_access_token per account per lifetime; a revoked account fails once with its
 * diagnostic; the Redis is flushed (FLUSHALL of a private redis-server) and, with the
 * PostgreSQL store, syncing resumes without any re-authorisation.
 */

const ACCOUNTS = platformAccounts(200);
const REVOKED = ACCOUNTS[7];
/** Administrators who land on the page (the push disabled for some: the page alone exchanges). */
const LANDING_ONLY = new Set(ACCOUNTS.slice(0, 6).map((a) => a.accountId));
const LANDING_AND_PUSH = new Set(ACCOUNTS.slice(6, 12).map((a) => a.accountId));
const QUERY_AUTH = '/cgi-bin/component/api_query_auth';

const diagnosticCode = (job: Job | undefined): string | undefined =>
  (job?.progress as { diagnostic?: { code: string } } | undefined)?.diagnostic?.code;

const describeWithRedisServer = requireTool('redis-server', 'apt-get install redis-server');

describeWithPostgres('platform mode end to end (PostgreSQL store)', () => {
  describeWithRedisServer('with a private redis-server', () => {
    let redisServer: PrivateRedis;
    let schema: TestSchema;
    let world: PlatformWorld;

    beforeAll(async () => {
      redisServer = await PrivateRedis.start();
      schema = await createTestSchema('ws14f_e2e');
      world = await startPlatformWorld({
        name: 'e2e',
        accounts: ACCOUNTS,
        workers: 3,
        seed: { articles: 2 },
        config: { redisUrl: redisServer.url, storeUrl: schema.url, workerConcurrency: 20 },
      });
    }, 60_000);

    afterAll(async () => {
      await world?.close();
      await schema?.drop();
      await redisServer?.close();
    });

    const stats = () => world.sim.platform.stats(COMPONENT_APP_ID);

    async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
      const res = await fetch(`${world.api.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as Record<string, unknown>;
    }

    /** Link from the API → the administrator opens it and approves → push and/or landing page. */
    async function authorise(accountId: string, appId: string): Promise<void> {
      const links = await post(`/official-api/wechat/platforms/${PLATFORM_ID}/authorization-links`, {
        accountId,
      });
      const page = await fetch(links.pc as string, { signal: AbortSignal.timeout(5_000) });
      expect(await page.text()).toContain('data-outcome="ok"');
      const preAuthCode = new URL(links.pc as string).searchParams.get('pre_auth_code') as string;
      const push = !LANDING_ONLY.has(accountId);
      const approval = await world.sim.platform.approve(COMPONENT_APP_ID, {
        preAuthCode,
        authorizerAppId: appId,
        push,
      });
      if (push) expect(approval.push).toMatchObject({ status: 200, body: 'success' });
      if (!push || LANDING_AND_PUSH.has(accountId)) {
        const landing = await fetch(approval.redirectUrl, { signal: AbortSignal.timeout(15_000) });
        expect(landing.status).toBe(200);
        expect(await landing.text()).toContain('data-outcome="ok"');
      }
    }

    async function syncAll(accounts: typeof ACCOUNTS): Promise<Job[]> {
      const ids = await Promise.all(accounts.map((a) => world.enqueue(a.accountId)));
      return Promise.all(ids.map((id) => world.finished(id, 45_000)));
    }

    test('200 accounts authorised, synced, one revoked; after FLUSHALL syncing resumes without re-authorisation', async () => {
      const ticket = await world.sim.platform.pushTicket(COMPONENT_APP_ID);
      expect(ticket.push).toMatchObject({ status: 200, body: 'success' });

      // Authorise everyone through the real flow, 20 administrators at a time.
      for (let i = 0; i < ACCOUNTS.length; i += 20)
        await Promise.all(ACCOUNTS.slice(i, i + 20).map((a) => authorise(a.accountId, a.appId)));
      const stored = await world.services.platformStores.authorizations.list(PLATFORM_ID);
      expect(stored.filter((r) => r.state === 'authorized')).toHaveLength(ACCOUNTS.length);
      const afterAuth = await stats();
      expect(afterAuth.callsByEndpoint[QUERY_AUTH]).toBe(ACCOUNTS.length);

      // First wave: every account syncs, by several workers.
      const first = await syncAll(ACCOUNTS);
      for (const job of first) expect(job.finishedOn && (await job.getState())).toBe('completed');
      const hosts = new Set<string>();
      for (const job of first.slice(0, 60)) {
        const { logs } = await world.queue.getJobLogs(String(job.id), 0, 0);
        const host = /started on (\S+) .*tokens via platform agency$/.exec(logs[0] ?? '')?.[1];
        if (host) hosts.add(host);
      }
      expect(hosts.size).toBeGreaterThan(1);
      const afterFirst = await stats();
      expect(afterFirst.componentTokensIssued).toBe(1);
      for (const a of ACCOUNTS) expect(afterFirst.authorizerTokensIssued[a.appId]).toBe(1);

      // One administrator cancels: its job fails once, with the diagnostic, not retried.
      if (!REVOKED) throw new Error('account 7');
      const revoked = await world.sim.platform.revoke(COMPONENT_APP_ID, REVOKED.appId);
      expect(revoked.push).toMatchObject({ status: 200, body: 'success' });
      const [failed] = await syncAll([REVOKED]);
      expect(await failed?.getState()).toBe('failed');
      expect(failed?.attemptsMade).toBe(1);
      expect(diagnosticCode(failed)).toBe('AUTHORIZATION_REVOKED');

      // The Redis is lost: queue, token cache, everything. The PostgreSQL store keeps the
      // ticket and the refresh tokens.
      const flush = world.redis.duplicate();
      await flush.flushall();
      flush.disconnect();
      const rest = ACCOUNTS.filter((a) => a !== REVOKED);
      const second = await syncAll(rest);
      for (const job of second) expect(await job.getState()).toBe('completed');
      const afterFlush = await stats();
      // The cached tokens were lost with Redis: exactly one new component token, one new token per account.
      expect(afterFlush.componentTokensIssued).toBe(2);
      for (const a of rest) expect(afterFlush.authorizerTokensIssued[a.appId]).toBe(2);
      // No re-authorisation: no code exchanged, no link opened since.
      expect(afterFlush.callsByEndpoint[QUERY_AUTH]).toBe(ACCOUNTS.length);
      expect(afterFlush.callsByEndpoint['/cgi-bin/component/api_create_preauthcode']).toBe(
        afterAuth.callsByEndpoint['/cgi-bin/component/api_create_preauthcode'],
      );
      const again = await syncAll([REVOKED]);
      expect(diagnosticCode(again[0])).toBe('AUTHORIZATION_REVOKED');
    }, 120_000);
  });
});
