import { describe, expect, test } from '@jest/globals';
import { parseRid } from '../../src/wechat/parse-rid.js';

describe('parseRid', () => {
  test.each([
    ['after a space', 'system error rid: 69314eae-54edb1ba-15ae265a', '69314eae-54edb1ba-15ae265a'],
    ['after a comma', 'invalid appid, rid: 69314eae-54edb1ba-15ae265a', '69314eae-54edb1ba-15ae265a'],
    [
      'no space after the colon',
      'invalid appid rid:69314eae-54edb1ba-15ae265a',
      '69314eae-54edb1ba-15ae265a',
    ],
    ['upper case is normalised', 'x rid: 69314EAE-54EDB1BA-15AE265A', '69314eae-54edb1ba-15ae265a'],
    ['followed by more text', 'x rid: 69314eae-54edb1ba-15ae265a (see docs)', '69314eae-54edb1ba-15ae265a'],
    [
      'in the middle of hint and rid',
      'hint: [abc] rid: 00000001-00000002-00000003',
      '00000001-00000002-00000003',
    ],
  ])('%s', (_name, errmsg, rid) => {
    expect(parseRid(errmsg)).toBe(rid);
  });

  test.each([
    ['none', 'api unauthorized'],
    ['hint only', 'invalid ip, not in whitelist hint: [Xz1aBcD]'],
    ['short groups', 'x rid: 6931-54ed-15ae'],
    ['two groups', 'x rid: 69314eae-54edb1ba'],
    ['a fourth group', 'x rid: 69314eae-54edb1ba-15ae265a-00000000'],
    ['non-hex', 'x rid: 69314eag-54edb1ba-15ae265a'],
    ['rid inside another word', 'x grid: 69314eae-54edb1ba-15ae265a'],
    ['empty', ''],
  ])('%s → null', (_name, errmsg) => {
    expect(parseRid(errmsg)).toBeNull();
  });
});
