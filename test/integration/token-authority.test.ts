import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AccessToken } from '../../src/wechat/access-token.js';
import { type AuthorityWorld, startAuthorityWorld } from '../helpers/authority-world.js';

const APP_A = { accountId: 'ws12_a', appId: 'wx120000000000a001', secret: 'ws12-secret-a-0123456789' };
const APP_B = { accountId: 'ws12_b', appId: 'wx120000000000b002', secret: 'ws12-secret-b-0123456789' };
const CRM = 'crm-credential-0123456789';
const BI = 'bi-credential-abcdefghijkl';
const SLOW = 'slow-credential-zyxwvutsrq';
const tokenPath = (appId: string) => `/official-api/wechat/apps/${appId}/token`;

let world: AuthorityWorld;
const seenTokens = new Set<string>();

beforeAll(async () => {
  world = await startAuthorityWorld({
    name: 'ws12-authority',
    accounts: [APP_A, APP_B],
    clients: [
      { clientId: 'crm', credential: CRM, apps: [APP_A.appId] },
      { clientId: 'bi', credential: BI, apps: [APP_A.appId, APP_B.appId] },
      { clientId: 'slow', credential: SLOW, apps: [APP_B.appId], perMinute: 3 },
    ],
    logLevel: 'trace',
  });
});

afterAll(async () => {
  await world.close();
});

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('GET /official-api/wechat/apps/:appId/token', () => {
  test('a client reads its app token with the expiry; 500 callers at once cost one WeChat call', async () => {
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => world.call(tokenPath(APP_A.appId), CRM)),
    );
    const bodies = await Promise.all(answers.map(json));
    expect(answers.map((r) => r.status)).toEqual(Array(500).fill(200));
    expect(answers[0]?.headers.get('cache-control')).toBe('no-store');
    const tokens = new Set(bodies.map((b) => b.access_token as string));
    expect(tokens.size).toBe(1);
    const body = bodies[0] as { access_token: string; expires_at: string; expires_in: number };
    seenTokens.add(body.access_token);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now() + 7_000_000);
    expect(body.expires_in).toBeGreaterThan(7_000);
    expect((await world.sim.control.stats(APP_A.appId)).tokenCalls).toBe(1);
    // It is the token WeChat issued: a data call accepts it.
    const client = world.services.client;
    await expect(
      client.getMaterialCount(APP_A.appId, new AccessToken(body.access_token)),
    ).resolves.toHaveProperty('news_count');
  }, 90_000);

  test('no credential or an unknown one: 401; an app outside the client scope: 403; a malformed app id: 400', async () => {
    const none = await world.call(tokenPath(APP_A.appId), null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="wechat-sync"');
    const wrong = await world.call(tokenPath(APP_A.appId), `${CRM}x`);
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'authorization: unknown client credential' },
    });
    const other = await world.call(tokenPath(APP_B.appId), CRM);
    expect(other.status).toBe(403);
    expect(await json(other)).toEqual({
      error: { code: 'FORBIDDEN', message: `appId: client crm may not read the token of ${APP_B.appId}` },
    });
    const bad = await world.call(tokenPath('wxNOPE'), CRM);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'appId: must be "wx" followed by 16 lowercase hex characters',
    });
    // The API_TOKEN routes are not opened by a client credential.
    expect((await world.call(tokenPath(APP_B.appId), BI)).status).toBe(200);
  });

  test('per-client rate limit: 429 with Retry-After, other clients unaffected', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      const res = await world.call(tokenPath(APP_B.appId), SLOW);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else seenTokens.add(((await json(res)) as { access_token: string }).access_token);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = limited ? await json(limited) : {};
    expect(body.error).toEqual({
      code: 'RATE_LIMITED',
      message: `rate limit: client slow may make 3 token requests a minute; retry in ${retryAfter} s`,
    });
    expect((await world.call(tokenPath(APP_B.appId), BI)).status).toBe(200);
  });
});

describe('POST /official-api/wechat/apps/:appId/token/refresh', () => {
  test('a token that is no longer current: the current one at once, no WeChat call', async () => {
    const current = (await json(await world.call(tokenPath(APP_A.appId), CRM))).access_token as string;
    const before = (await world.sim.control.stats(APP_A.appId)).tokenCalls;
    const res = await world.call(`${tokenPath(APP_A.appId)}/refresh`, CRM, {
      method: 'POST',
      body: { rejected: '86_some-token-that-was-superseded-long-ago' },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).access_token).toBe(current);
    expect((await world.sim.control.stats(APP_A.appId)).tokenCalls).toBe(before);
  });

  test('the current token, expired early at WeChat: refreshed once; a second report within 30 s is refused', async () => {
    const current = (await json(await world.call(tokenPath(APP_A.appId), CRM))).access_token as string;
    await world.sim.control.expireTokens(APP_A.appId);
    const res = await world.call(`${tokenPath(APP_A.appId)}/refresh`, BI, {
      method: 'POST',
      body: { rejected: current },
    });
    expect(res.status).toBe(200);
    const renewed = (await json(res)).access_token as string;
    seenTokens.add(renewed);
    expect(renewed).not.toBe(current);
    // WeChat still considers `renewed` current, so a report of it needs a forced refresh;
    // after the forced one below, the next is refused by the budget without calling WeChat.
    const forced = await world.call(`${tokenPath(APP_A.appId)}/refresh`, BI, {
      method: 'POST',
      body: { rejected: renewed },
    });
    expect(forced.status).toBe(200);
    const forcedToken = (await json(forced)).access_token as string;
    seenTokens.add(forcedToken);
    const refused = await world.call(`${tokenPath(APP_A.appId)}/refresh`, BI, {
      method: 'POST',
      body: { rejected: forcedToken },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const error = (await json(refused)).error as { code: string; message: string };
    expect(error.code).toBe('FORCE_REFRESH_REFUSED');
    expect(error.message).toMatch(
      /^Forced token refresh of wx120000000000a001 refused: the previous one was less than 30 s ago/,
    );
  });

  test('bad bodies: 400 with the reason, the value never echoed', async () => {
    const long = 'x'.repeat(600);
    const res = await world.call(`${tokenPath(APP_A.appId)}/refresh`, CRM, {
      method: 'POST',
      body: { rejected: long },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('rejected: longer than 512 characters, not a WeChat token');
    expect(text).not.toContain(long);
    const extra = await world.call(`${tokenPath(APP_A.appId)}/refresh`, CRM, {
      method: 'POST',
      body: { rejected: 'abc', appSecret: 'x' },
    });
    expect(extra.status).toBe(400);
    expect(((await json(extra)).error as { message: string }).message).toBe('appSecret: unknown field');
  });
});

describe('what the authority leaves behind', () => {
  test('issues are counted per client and app; no token in metrics or any log line', async () => {
    const metrics = await (await fetch(`${world.api.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `wechat_sync_token_authority_issued_total\\{client="crm",app="${APP_A.appId}",via="read"\\} \\d+`,
      ),
    );
    expect(metrics).toContain(
      `wechat_sync_token_authority_issued_total{client="slow",app="${APP_B.appId}",via="read"} 3`,
    );
    const issuedLines = world.log.entries().filter((e) => e.msg === 'token issued');
    expect(issuedLines.length).toBeGreaterThan(500);
    expect(issuedLines[0]).toEqual(
      expect.objectContaining({
        clientId: expect.any(String),
        appId: expect.any(String),
        via: expect.any(String),
      }),
    );
    expect(seenTokens.size).toBeGreaterThanOrEqual(3);
    const haystacks = [metrics, ...world.log.lines];
    for (const token of seenTokens) for (const text of haystacks) expect(text).not.toContain(token);
    for (const credential of [CRM, BI, SLOW])
      for (const text of haystacks) expect(text).not.toContain(credential);
  });
});
