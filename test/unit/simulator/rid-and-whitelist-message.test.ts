import { describe, expect, test } from '@jest/globals';
import { ERRMSG, errorBody } from '../../simulator/error-messages.js';
import { mulberry32 } from '../../simulator/prng.js';
import { makeHint, makeRid } from '../../simulator/rid.js';
import { IP_ERROR_SHAPES, ipv6Form, whitelistMessage } from '../../simulator/whitelist-message.js';

const RID = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

describe('makeRid', () => {
  test('three groups of 8 lowercase hex, the first being the Unix seconds in hex', () => {
    // 0x69314eae is the first group of the seed's rid (69314eae-54edb1ba-15ae265a).
    const rid = makeRid(0x69314eae * 1000 + 999);
    expect(rid).toMatch(RID);
    expect(rid.slice(0, 8)).toBe('69314eae');
  });

  test('small times are zero-padded to 8 digits', () => {
    expect(makeRid(15_000).slice(0, 8)).toBe('0000000f');
  });

  test('the random groups differ between calls', () => {
    const rng = mulberry32(7);
    expect(makeRid(0, rng)).not.toBe(makeRid(0, rng));
  });
});

describe('makeHint', () => {
  test('14 characters of letters, digits and _ . - !', () => {
    for (let i = 0; i < 50; i++) expect(makeHint()).toMatch(/^[A-Za-z0-9_.!-]{14}$/);
  });
});

describe('whitelistMessage', () => {
  const base = { ip: '1.92.157.200', rid: '69314eae-54edb1ba-15ae265a', hint: 'G5bKDA04051504' };

  test("shape 1 reproduces the seed's message byte for byte", () => {
    expect(whitelistMessage({ ...base, shape: 1 })).toBe(
      'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a',
    );
  });

  test.each([
    [
      2,
      'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist, rid: 69314eae-54edb1ba-15ae265a',
    ],
    [3, 'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist hint: [G5bKDA04051504]'],
    [
      4,
      'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist hint: [G5bKDA04051504] rid: 69314eae-54edb1ba-15ae265a',
    ],
    [5, 'invalid ip 1.92.157.200, not in whitelist hint: [G5bKDA04051504]'],
    [6, 'invalid ip, not in whitelist hint: [G5bKDA04051504]'],
    [7, 'invalid ip 1.92.157.200, not in whitelist'],
  ] as const)('shape %i', (shape, expected) => {
    expect(whitelistMessage({ ...base, shape })).toBe(expected);
  });

  test('all 7 shapes are distinct', () => {
    const messages = IP_ERROR_SHAPES.map((shape) => whitelistMessage({ ...base, shape }));
    expect(new Set(messages).size).toBe(7);
  });

  test('an address that is already IPv6 is not mapped again', () => {
    expect(ipv6Form('::1')).toBe('::1');
    expect(ipv6Form('10.0.0.1')).toBe('::ffff:10.0.0.1');
  });
});

describe('errorBody', () => {
  test('appends the rid to the catalog text', () => {
    expect(errorBody(40001, 'r')).toEqual({
      errcode: 40001,
      errmsg:
        'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r rid: r',
    });
    expect(errorBody(61004, 'r', '203.0.113.7').errmsg).toBe(
      'access clientip is not registered requestIP: 203.0.113.7 rid: r',
    );
    expect(errorBody(-1, 'r').errmsg).toBe('system error rid: r');
    expect(ERRMSG[45011]).toBe('api minute-quota reach limit must slower retry next minute');
  });
});
