import { describe, expect, test } from '@jest/globals';
import { RedisKeys } from '../../src/redis/keys.js';

describe('RedisKeys lock holder lookup', () => {
  const keys = new RedisKeys('wechat');

  test('accountIdFromLockHolder inverts lockHolder', () => {
    expect(keys.accountIdFromLockHolder(keys.lockHolder('gh_e4b07b2a992e6669'))).toBe('gh_e4b07b2a992e6669');
  });

  test.each([
    ['the lock key itself', 'wechat:lock:{gh_a}'],
    ['another prefix', 'wechatx:lock:{gh_a}:holder'],
    ['an empty account id', 'wechat:lock:{}:holder'],
    ['another kind of key', 'wechat:token:{wx1}'],
  ])('accountIdFromLockHolder ignores %s', (_what, key) => {
    expect(keys.accountIdFromLockHolder(key)).toBeNull();
  });

  test('the SCAN pattern matches holder keys only', () => {
    expect(keys.lockHolderPattern()).toBe('wechat:lock:{*}:holder');
  });

  test('glob characters in the prefix are escaped, a hash-tag prefix is kept literal', () => {
    expect(new RedisKeys('a*b?[c]\\').lockHolderPattern()).toBe('a\\*b\\?\\[c\\]\\\\:lock:{*}:holder');
    const tagged = new RedisKeys('{wechat}');
    expect(tagged.lockHolderPattern()).toBe('{wechat}:lock:{*}:holder');
    expect(tagged.accountIdFromLockHolder(tagged.lockHolder('gh_a'))).toBe('gh_a');
  });
});
