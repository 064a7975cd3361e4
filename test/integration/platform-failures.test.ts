import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Job } from 'bullmq';
import type { Account } from '../../src/config/index.js';
import { checkToken } from '../../src/diagnosis/index.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import { AuthorizationGate } from '../../src/platform/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import {
  COMPONENT_APP_ID,
  PLATFORM_ID,
  type PlatformWorld,
  startPlatformWorld,
} from '../helpers/platform-world.js';

let world: PlatformWorld;
let keys: RedisKeys;
/** Accounts 1-5 are authorised; account 6 never is. */
const account = (n: number): Account => {
  const found = world.accounts[n - 1];
  if (!found) throw new Error(`no account ${n}`);
  return found;
};

beforeAll(async () => {
  world = await startPlatformWorld({ name: 'failures', count: 6, articles: 4 });
  keys = new RedisKeys(world.prefix);
  await world.authorize(world.accounts.slice(0, 5));
  await world.pushTicket();
}, 60_000);

afterAll(async () => {
  await world.close();
});

const diagnosticOf = (job: Job) => (job.progress as { diagnostic: FailureDiagnostic }).diagnostic;

async function runJob(a: Account): Promise<Job> {
  return world.finished(await world.enqueue(a.accountId, true));
}

async function dataCalls(a: Account): Promise<number> {
  const stats = await world.sim.control.stats(a.appId);
  return Object.entries(stats.callsByEndpoint)
    .filter(([path]) => !path.includes('token'))
    .reduce((sum, [, n]) => sum + n, 0);
}

test('a platform account syncs with the authorizer token, its articles stored', async () => {
  const job = await runJob(account(1));
  expect(await job.getState()).toBe('completed');
  expect(await world.services.store.countArticles(account(1).accountId)).toBe(4);
  const stats = await world.sim.control.platform.stats(COMPONENT_APP_ID);
  expect(stats.authorizerTokensIssued[account(1).appId]).toBe(1);
});

describe('a revoked account', () => {
  test('fails its job at once, never retried, without any WeChat call, even with a token cached', async () => {
    const a = account(2);
    expect(await (await runJob(a)).getState()).toBe('completed');
    expect(await world.redis.exists(keys.token(a.appId))).toBe(1);
    // The administrator cancels; the unauthorized push marks the store (as the push route does).
    await world.sim.control.platform.revoke(COMPONENT_APP_ID, a.appId);
    const revokedAt = Date.now();
    expect(
      await world.services.platformStores.authorizations.markRevoked(PLATFORM_ID, a.appId, revokedAt),
    ).toBe(true);
    const before = await dataCalls(a);
    const tokenCallsBefore = (await world.sim.control.platform.stats(COMPONENT_APP_ID)).authorizerTokenCalls;

    const job = await runJob(a);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const d = diagnosticOf(job);
    expect(d).toMatchObject({
      code: 'AUTHORIZATION_REVOKED',
      accountId: a.accountId,
      appId: a.appId,
      platform: { platformId: PLATFORM_ID, componentAppId: COMPONENT_APP_ID, name: 'Agency platform' },
      revokedAt: new Date(revokedAt).toISOString(),
    });
    expect(job.failedReason).toBe(d.summary);
    expect(d.remedy.join('\n')).toContain(`platform link ${PLATFORM_ID} --account ${a.accountId}`);
    expect(await dataCalls(a)).toBe(before);
    expect((await world.sim.control.platform.stats(COMPONENT_APP_ID)).authorizerTokenCalls).toBe(
      tokenCallsBefore,
    );
    const status = await world.services.status.get(a.accountId);
    expect(JSON.stringify(status)).toContain('AUTHORIZATION_REVOKED');
  });

  test('61023 from WeChat: AUTHORIZATION_INVALID once, not retried, then the store says revoked', async () => {
    const a = account(3);
    // WeChat knows of the revocation, the store does not (the push was lost).
    await world.sim.control.platform.revoke(COMPONENT_APP_ID, a.appId);
    const first = await runJob(a);
    expect(await first.getState()).toBe('failed');
    expect(first.attemptsMade).toBe(1);
    expect(diagnosticOf(first)).toMatchObject({
      code: 'AUTHORIZATION_INVALID',
      errcode: 61023,
      accountId: a.accountId,
      platform: { platformId: PLATFORM_ID },
    });
    expect((await world.services.platformStores.authorizations.get(PLATFORM_ID, a.appId))?.state).toBe(
      'revoked',
    );
    const second = await runJob(a);
    expect(diagnosticOf(second).code).toBe('AUTHORIZATION_REVOKED');
  });
});

test('diagnose reports a revoked account as a job fails it, even with its token cached, naming the platform', async () => {
  const gate = new AuthorizationGate(world.config.platforms, world.services.platformStores.authorizations);
  const revoked = account(2);
  expect(await world.redis.exists(keys.token(revoked.appId))).toBe(1);
  const check = await checkToken(world.services.tokens, revoked, Date.now(), gate);
  expect(check.ok).toBe(false);
  expect(check.failure).toMatchObject({
    code: 'AUTHORIZATION_REVOKED',
    platform: { platformId: PLATFORM_ID },
  });
  expect((await checkToken(world.services.tokens, account(1), Date.now(), gate)).ok).toBe(true);
});

test('an account never authorised fails NOT_AUTHORIZED, pointing at recover and a link', async () => {
  const job = await runJob(account(6));
  expect(job.attemptsMade).toBe(1);
  const d = diagnosticOf(job);
  expect(d.code).toBe('NOT_AUTHORIZED');
  expect(d.remedy.join('\n')).toContain(`platform recover ${PLATFORM_ID}`);
});

test("the platform's whitelist refusal names the platform's whitelist, with IP, rid and account", async () => {
  const a = account(4);
  await world.sim.control.platform.patch(COMPONENT_APP_ID, {
    whitelist: ['203.0.113.9'],
    egressIp: '198.51.100.7',
  });
  try {
    await world.redis.del(keys.token(a.appId), keys.token(COMPONENT_APP_ID));
    const job = await runJob(a);
    expect(job.attemptsMade).toBe(1);
    const d = diagnosticOf(job);
    expect(d).toMatchObject({
      code: 'IP_NOT_WHITELISTED',
      errcode: 61004,
      ip: '198.51.100.7',
      accountId: a.accountId,
      platform: { platformId: PLATFORM_ID, componentAppId: COMPONENT_APP_ID },
    });
    expect(d.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(d.summary).toContain(`IP whitelist of its third-party platform ${PLATFORM_ID}`);
    const steps = d.remedy.join('\n');
    expect(steps).toContain('open.weixin.qq.com');
    expect(steps).toContain('Development info → Whitelisted IPs');
    expect(steps).not.toContain('基本配置');
    expect(d.blockedUntil).not.toBeNull();
  } finally {
    await world.sim.control.platform.patch(COMPONENT_APP_ID, { whitelist: null });
    await world.services.blocks.clear(a.accountId);
  }
  // Fixed on the platform: the account syncs again.
  expect(await (await runJob(a)).getState()).toBe('completed');
});

test('no job data, return value, failure or log line holds a token, refresh token or ticket', async () => {
  const secrets = (await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).map((x) => x.refreshToken);
  const ticket = (await world.services.platformStores.tickets.get(PLATFORM_ID))?.ticket.reveal() ?? '';
  const jobs = await world.queue.getJobs(['completed', 'failed']);
  const text = [
    ...world.log.lines,
    ...jobs.map((j) => JSON.stringify({ d: j.data, r: j.returnvalue, f: j.failedReason, p: j.progress })),
  ].join('\n');
  for (const secret of [...secrets, ticket]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/access_token=(?!\[redacted\])/);
});
