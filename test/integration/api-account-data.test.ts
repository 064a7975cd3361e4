import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { AccountBlocks, AccountStatus } from '../../src/accounts/index.js';
import { buildApi } from '../../src/api/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import { createSyncQueue, type SyncQueue } from '../../src/queue/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore } from '../../src/store/index.js';
import { PostgresSyncStore } from '../../src/store/postgres/index.js';
import type { SyncStore } from '../../src/store/sync-store.js';
import { article, follower, stateAt } from '../contract/store-fixtures.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

const TOKEN = 'read-api-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const BASE = '/official-api/wechat/accounts';
const ACCOUNT = 'acc-main';
const QUIET = 'acc-quiet';

const diagnostic: FailureDiagnostic = {
  code: 'IP_NOT_WHITELISTED',
  summary: 'WeChat refused the call: this server IP 1.92.157.200 is not on the whitelist',
  accountId: ACCOUNT,
  appId: 'wx0123456789abcdef',
  errcode: 40164,
  errmsg: 'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 6666-aaaa',
  ip: '1.92.157.200',
  ipv6: '::ffff:1.92.157.200',
  rid: '6666-aaaa',
  endpoint: '/cgi-bin/stable_token',
  field: null,
  at: '2026-01-02T03:04:05.000Z',
  remedy: ['Add 1.92.157.200 to the IP whitelist'],
  blockedUntil: null,
};

/** The read routes against each store: they only use the SyncStore interface, so both must answer alike. */
for (const backend of ['redis', 'postgres'] as const) {
  const suite = backend === 'postgres' ? describeWithPostgres : describe;
  suite(`read API over the ${backend} store`, () => {
    const prefix = uniquePrefix(`api-read-${backend}`);
    const redis = createTestRedis();
    const keys = new RedisKeys(prefix);
    let queue: SyncQueue;
    let schema: TestSchema | undefined;
    let store: SyncStore;
    let app: FastifyInstance;

    beforeAll(async () => {
      queue = createSyncQueue(redis, prefix);
      if (backend === 'postgres') {
        schema = await createTestSchema('api_read');
        store = await PostgresSyncStore.open({
          connectionString: schema.url,
          logger: captureLog('warn').logger,
        });
      } else {
        store = new RedisSyncStore({ redis, keys });
      }
      const status = new AccountStatus(redis, keys);
      app = await buildApi({
        config: {
          host: '127.0.0.1',
          port: 0,
          apiToken: new Sensitive(TOKEN),
          board: null,
          accounts: [{ accountId: ACCOUNT }, { accountId: QUIET }],
        },
        queue,
        redis,
        blocks: new AccountBlocks(redis, keys),
        status,
        store,
        logger: captureLog('warn').logger,
      });
      await app.ready();
      // What a sync would have left: 5 articles, 3 followers (1 gone), a status with both outcomes.
      const articles = [10, 20, 30, 40, 50].map((t) => article(`art-${t}`, t));
      await store.upsertArticles(ACCOUNT, 1, articles, stateAt('articles', 1, 1));
      const users = [follower('o1'), follower('o2'), follower('o3')];
      await store.upsertFollowers(ACCOUNT, 1, { pass: 1, seen: [], users }, stateAt('followers', 1, 1));
      await store.upsertFollowers(
        ACCOUNT,
        1,
        { pass: 2, seen: ['o1', 'o2'], users: [] },
        stateAt('followers', 2, 1),
      );
      await store.markUnsubscribed(ACCOUNT, 1, { pass: 2, at: 1_700_000_000_000, limit: 10 });
      await status.recordSuccess(ACCOUNT, 'job-ok-1', Date.parse('2026-01-01T00:00:00.000Z'));
      await status.recordFailure(ACCOUNT, 'job-bad-2', diagnostic);
    });

    afterAll(async () => {
      await app.close();
      await store.close();
      await queue.close();
      await schema?.drop();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    });

    const get = (url: string, headers: Record<string, string> = AUTH) =>
      app.inject({ method: 'GET', url, headers });

    test('articles: newest first, page by page with the cursor, the last page null', async () => {
      const first = await get(`${BASE}/${ACCOUNT}/articles?limit=2`);
      expect(first.statusCode).toBe(200);
      const body = first.json();
      expect(body.accountId).toBe(ACCOUNT);
      expect(body.items.map((a: { articleId: string }) => a.articleId)).toEqual(['art-50', 'art-40']);
      expect(body.items[0]).toEqual(article('art-50', 50));
      const ids: string[] = body.items.map((a: { articleId: string }) => a.articleId);
      let cursor: string | null = body.nextCursor;
      while (cursor !== null) {
        const page = (await get(`${BASE}/${ACCOUNT}/articles?limit=2&cursor=${cursor}`)).json();
        ids.push(...page.items.map((a: { articleId: string }) => a.articleId));
        cursor = page.nextCursor;
      }
      expect(ids).toEqual(['art-50', 'art-40', 'art-30', 'art-20', 'art-10']);
      const all = (await get(`${BASE}/${ACCOUNT}/articles`)).json();
      expect(all.items).toHaveLength(5);
      expect(all.nextCursor).toBeNull();
    });

    test('followers/summary: counts and the followers pass records', async () => {
      const res = await get(`${BASE}/${ACCOUNT}/followers/summary`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        accountId: ACCOUNT,
        subscribed: 2,
        unsubscribed: 1,
        total: 3,
        passInProgress: stateAt('followers', 2, 1).checkpoint,
        lastCompleted: null,
        lastFull: null,
      });
    });

    test("sync-state: last success, last failure with its diagnostic, every kind's checkpoint", async () => {
      const res = await get(`${BASE}/${ACCOUNT}/sync-state`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        accountId: ACCOUNT,
        lastSuccess: { at: '2026-01-01T00:00:00.000Z', jobId: 'job-ok-1' },
        lastFailure: { at: diagnostic.at, jobId: 'job-bad-2', diagnostic },
        kinds: {
          articles: stateAt('articles', 1, 1),
          followers: stateAt('followers', 2, 1),
          materials: { checkpoint: null, lastCompleted: null, lastFull: null },
        },
      });
    });

    test('a known account never synced: empty answers, not errors', async () => {
      expect((await get(`${BASE}/${QUIET}/articles`)).json()).toEqual({
        accountId: QUIET,
        items: [],
        nextCursor: null,
      });
      const state = (await get(`${BASE}/${QUIET}/sync-state`)).json();
      expect(state.lastSuccess).toBeNull();
      expect(state.lastFailure).toBeNull();
      expect((await get(`${BASE}/${QUIET}/followers/summary`)).json()).toMatchObject({
        subscribed: 0,
        total: 0,
      });
    });

    test.each([
      ['limit=0', 'limit: must be from 1 to 100'],
      ['limit=101', 'limit: must be from 1 to 100'],
      ['limit=abc', 'limit: must be an integer from 1 to 100'],
      ['limit=1&limit=2', 'limit: must be an integer from 1 to 100 (given once)'],
      ['limt=5', 'limt: unknown field'],
      ['cursor=%27%20OR%201%3D1', 'cursor: must be a cursor from a previous page'],
      ['cursor=bm90LWEtbWVtYmVy', 'cursor: must be a cursor from a previous page'],
    ])('articles?%s is a 400 that names the parameter', async (query, message) => {
      const res = await get(`${BASE}/${ACCOUNT}/articles?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message } });
    });

    test.each(['articles', 'followers/summary', 'sync-state'])(
      '%s: bad id 400, unknown account 404, no token 401',
      async (route) => {
        const bad = await get(`${BASE}/a:b/${route}`);
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.message).toMatch(/^accountId: /);
        const unknown = await get(`${BASE}/acc-nobody/${route}`);
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json().error.code).toBe('UNKNOWN_ACCOUNT');
        const wrong: Record<string, string>[] = [
          {},
          { authorization: 'Bearer wrong-token-0123456789' },
          { authorization: `Basic ${TOKEN}` },
        ];
        for (const headers of wrong) {
          const refused = await get(`${BASE}/${ACCOUNT}/${route}`, headers);
          expect(refused.statusCode).toBe(401);
          expect(refused.body).not.toContain('art-50');
        }
      },
    );
  });
}
