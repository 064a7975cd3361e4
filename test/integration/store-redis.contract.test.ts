import { RedisKeys } from '../../src/redis/keys.js';
import { RedisSyncStore } from '../../src/store/index.js';
import { syncStoreContract } from '../contract/sync-store.contract.js';
import { createTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/redis.js';

syncStoreContract(
  'redis',
  async () => {
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
    // No fault hook: the Redis script validates and reads everything before its first write,
    // and none of its writes can fail on keys of the right type, so there is no mid-write
    // failure to inject short of corrupting its keys.
  },
  { faultHook: false },
);
