import { describe, expect, test } from '@jest/globals';
import { canonicalJson } from '../../src/store/canonical-json.js';

describe('canonicalJson', () => {
  test('sorts keys at every level, inside arrays too', () => {
    const a = { b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
  });

  test('equal records give identical text whatever their key order', () => {
    const one = { articleId: 'x', updateTime: 1, items: [{ title: 't', url: 'u' }] };
    const two = { items: [{ url: 'u', title: 't' }], updateTime: 1, articleId: 'x' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  test('undefined fields are left out, so an absent optional field equals an undefined one', () => {
    expect(canonicalJson({ a: 1, content: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  test('a changed value changes the text', () => {
    expect(canonicalJson({ title: 'a' })).not.toBe(canonicalJson({ title: 'b' }));
  });

  test('array order is kept: it is data', () => {
    expect(canonicalJson([2, 1])).toBe('[2,1]');
  });

  test('non-ASCII text round-trips', () => {
    const value = { title: '公众号 文章 “引号”' };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
