import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../../src/redis/keys.js';
import { TokenAuthorityClient, TokenAuthorityError } from '../../../src/token/client/index.js';
import { DEMO_ACCOUNTS } from '../../demo/demo-accounts.js';
import { type RunningDemo, startDemo } from '../../demo/start-demo.js';
import { captureLog } from '../../helpers/log-capture.js';
import { unusedPort } from '../../helpers/ports.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../../helpers/redis.js';
import type { ReliabilityCase } from '../reliability-case.js';

const BOARD = { user: 'ops', password: 'rel-board-password-7c1d' };
const CLIENT = { clientId: 'rel-crm', credential: 'rel-client-credential-5e2b9a0c' };

/**
 * The token authority's routes, driven as another system would: reads, a passive refresh
 * of a token that is no longer current and of the current one, the whitelisted-out account
 * (WeChat's refusal passed on as a 502) and a wrong credential. Returns the tokens it was handed: they belong in
 * these answers and nowhere else.
 */
async function useAuthority(url: string): Promise<string[]> {
  const [healthy, blocked] = DEMO_ACCOUNTS;
  const client = new TokenAuthorityClient({ baseUrl: url, credential: CLIENT.credential });
  const first = await client.getToken(healthy.appId);
  const again = await client.refresh(healthy.appId, `${first.accessToken}-stale`);
  assert.equal(again.accessToken, first.accessToken, 'a stale report hands back the current token');
  const renewed = await client.refresh(healthy.appId, first.accessToken);
  const refusals = await Promise.all([
    client.getToken(blocked.appId).catch((e: unknown) => e),
    new TokenAuthorityClient({ baseUrl: url, credential: `${CLIENT.credential}x` })
      .getToken(healthy.appId)
      .catch((e: unknown) => e),
  ]);
  assert.deepEqual(
    refusals.map((e) => (e instanceof TokenAuthorityError ? e.status : e)),
    [502, 401],
  );
  return [first.accessToken, renewed.accessToken];
}

/** Every value under the prefix as text, by key; `skip` keys are left out. */
async function dumpKeyspace(
  redis: Redis,
  prefix: string,
  skip: (key: string) => boolean,
): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  const keys = await redis.keys(`${prefix}:*`);
  for (const key of keys) {
    if (skip(key)) continue;
    const type = await redis.type(key);
    const read: Record<string, () => Promise<unknown>> = {
      string: () => redis.get(key),
      hash: () => redis.hgetall(key),
      list: () => redis.lrange(key, 0, -1),
      set: () => redis.smembers(key),
      zset: () => redis.zrange(key, 0, -1, 'WITHSCORES'),
      stream: () => redis.xrange(key, '-', '+'),
    };
    dump.set(key, JSON.stringify(await (read[type] ?? (async () => type))()));
  }
  return dump;
}

function hits(haystacks: Iterable<[string, string]>, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const [where, text] of haystacks) {
    for (const needle of needles)
      if (text.includes(needle)) found.push(`${where} holds ${needle.slice(0, 4)}…`);
  }
  return found;
}

/**
 * The scan only means something if it saw what the demo logs at trace: the verbose lines,
 * both jobs (the whitelist failure is where a secret would most likely slip into a
 * diagnostic), the token cache, the API and the shutdown. A line count would not say that.
 */
function assertLogsCover(entries: Array<Record<string, unknown>>, jobs: RunningDemo['jobs']): void {
  const has = (what: string, test: (e: Record<string, unknown>) => boolean) =>
    assert.ok(entries.some(test), `the captured logs lack ${what}`);
  has('debug or trace lines', (e) => Number(e.level) <= 20);
  has('the healthy sync', (e) => e.jobId === jobs.healthy.id && e.msg === 'sync completed');
  has(
    'the whitelist failure',
    (e) => e.jobId === jobs.blocked.id && e.level === 50 && e.diagnostic !== undefined,
  );
  has('a token refresh', (e) => e.component === 'token-cache' && e.msg === 'token refreshed');
  has('API request lines', (e) => e.msg === 'request');
  has('token authority issues', (e) => e.msg === 'token issued' && e.clientId === CLIENT.clientId);
  has('the worker shutdown', (e) => e.msg === 'sync worker stopped');
}

export const secretsCase: ReliabilityCase = {
  name: 'no secret or access token in logs, Redis or the board',
  timeoutMs: 90_000,
  async run() {
    const prefix = uniquePrefix('rel-secrets');
    const dataDir = mkdtempSync(join(tmpdir(), 'wechat-sync-secrets-'));
    const log = captureLog('trace');
    const redis = createTestRedis();
    const demo = await startDemo({
      redisUrl: TEST_REDIS_URL,
      prefix,
      port: await unusedPort(),
      board: BOARD,
      logger: log.logger,
      dataDir,
      tokenClients: [{ ...CLIENT, apps: DEMO_ACCOUNTS.map((a) => a.appId) }],
    });
    let closing: Promise<void> | undefined;
    const closeDemo = () => (closing ??= demo.close());
    try {
      const basic = {
        authorization: `Basic ${Buffer.from(`${BOARD.user}:${BOARD.password}`).toString('base64')}`,
      };
      const pages = new Map<string, string>();
      for (const path of [
        '/admin/queues',
        '/admin/queues/api/queues?activeQueue=sync&status=failed',
        '/admin/queues/api/queues?activeQueue=sync&status=completed',
      ]) {
        const res = await fetch(`${demo.api.url}${path}`, { headers: basic });
        assert.equal(res.status, 200, `board ${path}: ${res.status}`);
        pages.set(`board ${path}`, await res.text());
      }
      // The diagnosis checks each account's token live, through the cache: a second path a token takes.
      const apiPaths = [
        ...[demo.jobs.healthy, demo.jobs.blocked].map((job) => `/official-api/wechat/sync/${job.id}`),
        '/official-api/wechat/diagnosis',
        '/official-api/wechat/locks',
        '/metrics',
      ];
      for (const path of apiPaths) {
        const res = await fetch(`${demo.api.url}${path}`);
        pages.set(`GET ${path}`, await res.text());
      }
      const handedOut = await useAuthority(demo.api.url);
      const tokens = demo.sim.state.issuedTokens();
      assert.ok(tokens.length >= 2, 'the healthy account was issued a token, and a new one on the refresh');
      for (const token of handedOut)
        assert.ok(tokens.includes(token), 'the authority handed out WeChat tokens');
      const secrets = [...DEMO_ACCOUNTS.map((a) => a.secret), BOARD.password, CLIENT.credential];
      const needles = [...secrets, ...tokens];

      const keys = new RedisKeys(prefix);
      const tokenKeys = new Set(DEMO_ACCOUNTS.map((a) => keys.token(a.appId)));
      // The token cache's own key must hold the token: it is the one place a token belongs.
      const cached = await dumpKeyspace(redis, prefix, (key) => !tokenKeys.has(key));
      assert.ok(hits(cached, tokens).length >= 1, 'scan sanity: the token cache key holds the issued token');
      const keyspace = await dumpKeyspace(redis, prefix, (key) => tokenKeys.has(key));
      assert.ok(keyspace.size > 10, `only ${keyspace.size} keys scanned`);
      // Closed before the logs are scanned, so its shutdown lines are scanned too.
      await closeDemo();
      assertLogsCover(log.entries(), demo.jobs);
      const logLines = log.lines.map((line, i): [string, string] => [`log line ${i}`, line]);
      const found = [...hits(logLines, needles), ...hits(keyspace, needles), ...hits(pages, needles)];
      assert.deepEqual(found, [], `secrets leaked:\n${found.slice(0, 10).join('\n')}`);
      return `0 hits for ${secrets.length} secrets and ${tokens.length} token(s) in ${logLines.length} trace log lines, ${keyspace.size} Redis keys (token cache key excluded) and ${pages.size} board/API pages`;
    } finally {
      await closeDemo();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
