import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { RedisKeys } from '../../src/redis/keys.js';
import {
  COMPONENT_APP_ID,
  PLATFORM_ID,
  type PlatformWorld,
  startPlatformWorld,
} from '../helpers/platform-world.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { deleteKeysWithPrefix } from '../helpers/redis.js';

describeWithPostgres('platform mode with STORE_URL', () => {
  let schema: TestSchema;
  let world: PlatformWorld;

  beforeAll(async () => {
    schema = await createTestSchema('platform_flush');
    world = await startPlatformWorld({
      name: 'pg-flush',
      count: 3,
      articles: 2,
      config: { storeUrl: schema.url },
    });
    await world.authorize(world.accounts);
    await world.pushTicket();
  }, 60_000);

  afterAll(async () => {
    await world?.close();
    await schema?.drop();
  });

  test('a Redis flush (this prefix) loses no authorisation or ticket: syncing resumes with no recovery and no re-authorisation', async () => {
    expect(world.services.platformStores.backend).toBe('postgres');
    for (const a of world.accounts) {
      expect(await (await world.finished(await world.enqueue(a.accountId, true))).getState()).toBe(
        'completed',
      );
    }
    const before = await world.sim.control.platform.authorizers(COMPONENT_APP_ID);
    await deleteKeysWithPrefix(world.redis, world.prefix);
    const keys = new RedisKeys(world.prefix);
    expect(
      await world.redis.exists(keys.platformAuthorizations(PLATFORM_ID), keys.token(COMPONENT_APP_ID)),
    ).toBe(0);

    for (const a of world.accounts) {
      expect(await (await world.finished(await world.enqueue(a.accountId, true))).getState()).toBe(
        'completed',
      );
    }
    expect(await world.sim.control.platform.authorizers(COMPONENT_APP_ID)).toEqual(before);
    const stats = await world.sim.control.platform.stats(COMPONENT_APP_ID);
    expect(stats.callsByEndpoint['/cgi-bin/component/api_get_authorizer_list'] ?? 0).toBe(0);
    const { rows } = await schema.admin.query<{ n: string }>(
      'SELECT count(*) AS n FROM platform_authorizations WHERE platform_id = $1',
      [PLATFORM_ID],
    );
    expect(Number(rows[0]?.n)).toBe(3);
  });
});
