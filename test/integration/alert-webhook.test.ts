import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { WhitelistWebhook } from '../../src/alerts/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const HOOK_TOKEN = 'hook-token-7c1e55a0';
const prefix = uniquePrefix('alert-webhook');
const keys = new RedisKeys(prefix);
const redis = createTestRedis();
const log = captureLog();

/** Answers each POST with the next status of the plan (then 200), recording the bodies. */
let plan: number[] = [];
const received: Array<{ path: string; body: Record<string, unknown> }> = [];
let server: Server;
let base: string;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    received.push({ path: request.url ?? '', body });
    response.writeHead(plan.shift() ?? 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

function diagnostic(accountId: string): FailureDiagnostic {
  return {
    code: 'IP_NOT_WHITELISTED',
    summary: `WeChat refused account ${accountId} because IP 1.92.157.200 is not in its API IP whitelist.`,
    accountId,
    appId: 'wxd0d0d0d0d0d0d0b2',
    errcode: 40164,
    errmsg:
      'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 6b07075e-6db268a3-ca95bedb',
    ip: '1.92.157.200',
    ipv6: '::ffff:1.92.157.200',
    rid: '6b07075e-6db268a3-ca95bedb',
    endpoint: '/cgi-bin/stable_token',
    field: null,
    at: new Date().toISOString(),
    remedy: ['Add the IP 1.92.157.200 to the whitelist.'],
    blockedUntil: null,
  };
}

function webhook(path: string, retries = 3): WhitelistWebhook {
  return new WhitelistWebhook({
    url: new Sensitive(`${base}${path}?access_token=${HOOK_TOKEN}`),
    redis,
    keys,
    periodMs: 60_000,
    logger: log.logger,
    retries,
    retryBaseMs: 5,
    timeoutMs: 2_000,
  });
}

describe('WhitelistWebhook', () => {
  test('retries a failing POST with backoff, then sends the diagnostic once per account per period', async () => {
    const hook = webhook('/ok');
    plan = [500, 503];
    expect(await hook.notify(diagnostic('gh_hook_a'))).toBe('sent');
    const posts = received.filter((r) => r.path.startsWith('/ok'));
    expect(posts).toHaveLength(3);
    expect(posts[2]?.body).toMatchObject({
      event: 'wechat_whitelist_fault',
      accountId: 'gh_hook_a',
      ip: '1.92.157.200',
      rid: '6b07075e-6db268a3-ca95bedb',
      errcode: 40164,
      remedy: ['Add the IP 1.92.157.200 to the whitelist.'],
    });
    expect(String(posts[2]?.body.text)).toContain('egress IP 1.92.157.200');

    // The same account again within the period (any worker: the marker is in Redis): nothing sent.
    expect(await webhook('/ok').notify(diagnostic('gh_hook_a'))).toBe('suppressed');
    expect(received.filter((r) => r.path.startsWith('/ok'))).toHaveLength(3);
    // Another account has its own period.
    expect(await hook.notify(diagnostic('gh_hook_b'))).toBe('sent');
    expect(received.filter((r) => r.path.startsWith('/ok'))).toHaveLength(4);
    await hook.close();
  });

  test('gives up after its retries without throwing, and the next fault may alert again', async () => {
    const hook = webhook('/down', 2);
    plan = [500, 500, 500];
    expect(await hook.notify(diagnostic('gh_hook_c'))).toBe('failed');
    expect(received.filter((r) => r.path.startsWith('/down'))).toHaveLength(3);
    expect(await redis.exists(keys.alertSent('gh_hook_c'))).toBe(0);
    plan = [];
    expect(await hook.notify(diagnostic('gh_hook_c'))).toBe('sent');
    const logged = JSON.stringify(log.entries());
    expect(logged).toContain('whitelist alert could not be delivered');
    expect(logged).not.toContain(HOOK_TOKEN);
  });
});
