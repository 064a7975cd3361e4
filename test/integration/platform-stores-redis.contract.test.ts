import { afterAll, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import { redisPlatformStores } from '../../src/platform/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { platformStoresContract } from '../contract/platform-stores.contract.js';
import { ws14Prefix } from '../helpers/platform-prefix.js';
import { createTestRedis, deleteKeysWithPrefix } from '../helpers/redis.js';

const prefix = ws14Prefix('stores');
const redis = createTestRedis();
const keys = new RedisKeys(prefix);
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

platformStoresContract('redis', async () => {
  const stores = redisPlatformStores(redis, keys);
  return { stores, teardown: () => stores.close() };
});

test('the Redis keys never expire (a refresh token must survive until the account revokes)', async () => {
  const stores = redisPlatformStores(redis, keys);
  await stores.authorizations.put('ttl-check', {
    authorizerAppId: 'wxa000000000000009',
    refreshToken: new Sensitive('refresh-ttl'),
    funcIds: [],
    authorizedAt: 1,
    updatedAt: 1,
    state: 'authorized',
  });
  await stores.tickets.save('ttl-check', {
    ticket: new Sensitive('ticket-ttl'),
    createdAt: 1,
  });
  expect(await redis.ttl(keys.platformAuthorizations('ttl-check'))).toBe(-1);
  expect(await redis.ttl(keys.platformTicket('ttl-check'))).toBe(-1);
  expect(keys.platformAuthorizations('p1')).toBe(`${prefix}:platform:{p1}:authorizations`);
});
