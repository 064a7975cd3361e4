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

  test('glob characters in the prefix are escaped, a hash-tag prefix loses its braces', () => {
    expect(new RedisKeys('a*b?[c]\\').lockHolderPattern()).toBe('a\\*b\\?\\[c\\]\\\\:lock:{*}:holder');
    const tagged = new RedisKeys('{wechat}');
    expect(tagged.lockHolderPattern()).toBe('wechat:lock:{*}:holder');
    expect(tagged.accountIdFromLockHolder(tagged.lockHolder('gh_a'))).toBe('gh_a');
  });

  test('with a hash-tag queue prefix, the first `{…}` of every key is the account or app id', () => {
    const tagged = new RedisKeys('{wechat}');
    const firstTag = (key: string) => /\{([^}]*)\}/.exec(key)?.[1];
    for (const key of [
      tagged.lock('gh_a'),
      tagged.lockHolder('gh_a'),
      tagged.fence('gh_a'),
      tagged.data('gh_a', 'articles'),
    ]) {
      expect(firstTag(key)).toBe('gh_a');
    }
    expect(firstTag(tagged.token('wx1'))).toBe('wx1');
    expect(tagged.all()).toBe('wechat:*');
    expect(new RedisKeys('wechat').lock('gh_a')).toBe('wechat:lock:{gh_a}');
  });
});
