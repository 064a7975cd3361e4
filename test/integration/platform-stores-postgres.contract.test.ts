import { openPlatformStores } from '../../src/platform/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { platformStoresContract } from '../contract/platform-stores.contract.js';
import { captureLog } from '../helpers/log-capture.js';
import { ws14Prefix } from '../helpers/platform-prefix.js';
import { createTestSchema, describeWithPostgres } from '../helpers/postgres.js';
import { createTestRedis } from '../helpers/redis.js';

describeWithPostgres('PostgreSQL platform stores', () =>
  platformStoresContract('postgres', async () => {
    const schema = await createTestSchema('platform_stores');
    // Only to satisfy the factory's signature: with a STORE_URL nothing is written to Redis.
    const redis = createTestRedis();
    const stores = await openPlatformStores({
      storeUrl: schema.url,
      redis,
      keys: new RedisKeys(ws14Prefix('pg-stores')),
      logger: captureLog('warn').logger,
    });
    return {
      stores,
      teardown: async () => {
        await stores.close();
        await stores.close();
        await redis.quit();
        await schema.drop();
      },
    };
  }),
);
