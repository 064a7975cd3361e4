import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore } from '../../src/store/index.js';
import { syncStoreContract } from '../contract/sync-store.contract.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

syncStoreContract('redis', async () => {
  const prefix = uniquePrefix('store-contract');
  const redis = createTestRedis();
  const keys = new RedisKeys(prefix);
  const store = new RedisSyncStore({ redis, keys });
  return {
    store,
    // The lock's acquire script INCRs this counter and hands the result to the new holder.
    newHolder: (accountId) => redis.incr(keys.fence(accountId)),
    teardown: async () => {
      await store.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
});
