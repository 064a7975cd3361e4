import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { StaleFenceError } from '../../src/lock/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { createSyncStore } from '../../src/store/create-store.js';
import { RedisSyncStore } from '../../src/store/index.js';
import {
  MIGRATIONS,
  type Migration,
  migrate,
  PostgresSyncStore,
  SchemaTooNewError,
} from '../../src/store/postgres/index.js';
import { article, stateAt } from '../contract/store-fixtures.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { createTestRedis } from '../helpers/redis.js';

const logger = captureLog('warn').logger;

/** What the PostgreSQL store does beyond the shared contract: migrations, its fence guarantee, opening. */
describeWithPostgres('migrations', () => {
  let schema: TestSchema;
  let pool: pg.Pool;
  beforeAll(async () => {
    schema = await createTestSchema('pg_migrate');
    pool = new pg.Pool({ connectionString: schema.url, max: 8 });
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  const versions = async () =>
    (
      await schema.admin.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    ).rows.map((r) => r.version);

  test('five processes migrating one fresh schema at once: each migration applied exactly once', async () => {
    const pools = Array.from({ length: 5 }, () => new pg.Pool({ connectionString: schema.url, max: 1 }));
    try {
      const results = await Promise.all(pools.map((p) => migrate(p, MIGRATIONS)));
      const applied = results.flatMap((r) => r.applied);
      expect(applied).toEqual(MIGRATIONS.map((m) => m.version));
      expect(results.every((r) => r.version === MIGRATIONS.length)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  test('a second run applies nothing', async () => {
    expect(await migrate(pool, MIGRATIONS)).toEqual({ applied: [], version: MIGRATIONS.length });
  });

  test('a failing migration rolls back the whole run, earlier new migrations included', async () => {
    const next = MIGRATIONS.length + 1;
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: next, name: 'ok', sql: 'CREATE TABLE later_ok (id int)' },
      { version: next + 1, name: 'broken', sql: 'CREATE TABLE later_broken (id no_such_type)' },
    ];
    await expect(migrate(pool, broken)).rejects.toThrow(/no_such_type/);
    expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
    const { rows } = await schema.admin.query(`SELECT to_regclass('later_ok') AS t`);
    expect(rows[0]?.t).toBeNull();
  });

  test('a schema migrated by a newer release is refused', async () => {
    await schema.admin.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
    try {
      const err = await migrate(pool, MIGRATIONS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SchemaTooNewError);
      expect(err).toMatchObject({ databaseVersion: 999, knownVersion: MIGRATIONS.length });
    } finally {
      await schema.admin.query('DELETE FROM schema_migrations WHERE version = 999');
    }
  });

  test('migrations out of sequence are refused before touching the database', async () => {
    const gap: Migration[] = [{ version: 2, name: 'gap', sql: 'SELECT 1' }];
    await expect(migrate(pool, gap)).rejects.toThrow(RangeError);
  });
});

describeWithPostgres(
  'fencing: refused once a newer holder has written (the documented PostgreSQL guarantee)',
  () => {
    let schema: TestSchema;
    let store: PostgresSyncStore;
    beforeAll(async () => {
      schema = await createTestSchema('pg_fence');
      store = await PostgresSyncStore.open({ connectionString: schema.url, logger });
    });
    afterAll(async () => {
      await store.close();
      await schema.drop();
    });

    test('a stale write before the newer holder writes lands, and the newer holder then overwrites it', async () => {
      await store.upsertArticles('acct-a', 1, [article('a1', 1, 'by holder 1')], stateAt('articles', 1, 1));
      // Holder 2 has taken the lock (fence 2) but not written yet: PostgreSQL cannot know.
      await store.upsertArticles(
        'acct-a',
        1,
        [article('a1', 1, 'late, by holder 1')],
        stateAt('articles', 1, 2),
      );
      await store.upsertArticles('acct-a', 2, [article('a1', 1, 'by holder 2')], stateAt('articles', 2, 1));
      await expect(
        store.upsertArticles('acct-a', 1, [article('a1', 1, 'later still')], stateAt('articles', 1, 3)),
      ).rejects.toThrow(StaleFenceError);
      expect((await store.listArticles('acct-a', { limit: 5 })).items[0]?.items[0]?.title).toBe(
        'by holder 2',
      );
      expect((await store.getSyncState('acct-a')).articles).toEqual(stateAt('articles', 2, 1));
    });

    test('fences are per account', async () => {
      await store.upsertArticles('acct-b', 7, [], stateAt('articles', 1, 0));
      await expect(store.upsertArticles('acct-c', 1, [], stateAt('articles', 1, 0))).resolves.toEqual({
        added: 0,
        updated: 0,
        unchanged: 0,
      });
    });

    test('concurrent writers of one account: after the newest commits, no older one commits', async () => {
      const account = 'acct-race';
      const writes = Array.from({ length: 20 }, (_, i) => i + 1).map((fence) =>
        store
          .upsertArticles(account, fence, [article(`f${fence}`, fence)], stateAt('articles', fence, 1))
          .then(() => fence)
          .catch((err: unknown) => {
            if (err instanceof StaleFenceError) return -fence;
            throw err;
          }),
      );
      const outcomes = await Promise.all(writes);
      const committed = outcomes.filter((f) => f > 0);
      // Whatever the interleaving, the rows written are exactly those of the committed writers,
      // the state is the newest writer's, and the newest writer is never refused.
      expect(committed).toContain(20);
      const stored = (await store.listArticles(account, { limit: 100 })).items.map((a) => a.updateTime);
      expect(stored.sort((a, b) => a - b)).toEqual([...committed].sort((a, b) => a - b));
      expect((await store.getSyncState(account)).articles).toEqual(stateAt('articles', 20, 1));
      const { rows } = await schema.admin.query('SELECT fence FROM account_fence WHERE account_id = $1', [
        account,
      ]);
      expect(Number(rows[0]?.fence)).toBe(20);
    });
  },
);

describeWithPostgres('createSyncStore (STORE_URL)', () => {
  test('null gives the Redis store; a postgres URL a migrated PostgreSQL store; a dead one rejects', async () => {
    const redis = createTestRedis();
    const keys = new RedisKeys('t-create-store-unused');
    const schema = await createTestSchema('pg_create');
    try {
      const onRedis = await createSyncStore({ storeUrl: null, redis, keys, logger });
      expect(onRedis).toBeInstanceOf(RedisSyncStore);
      await onRedis.close();

      const onPg = await createSyncStore({ storeUrl: schema.url, redis, keys, logger });
      expect(onPg).toBeInstanceOf(PostgresSyncStore);
      const { rows } = await schema.admin.query('SELECT max(version) AS v FROM schema_migrations');
      expect(rows[0]?.v).toBe(MIGRATIONS.length);
      await onPg.close();

      // Port 1 on loopback: nothing listens, the connection is refused at once.
      const dead = createSyncStore({ storeUrl: 'postgres://postgres@127.0.0.1:1/test', redis, keys, logger });
      await expect(dead).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await schema.drop();
      await redis.quit();
    }
  });
});
