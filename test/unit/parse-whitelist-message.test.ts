import { describe, expect, test } from '@jest/globals';
import { parseWhitelistMessage } from '../../src/wechat/parse-whitelist-message.js';

const SEED =
  'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a';
const RID = '69314eae-54edb1ba-15ae265a';
const HINT = 'Xz1aB.c-D!_0k9';

describe('parseWhitelistMessage: the seven shapes of wechat-api.md', () => {
  test.each([
    [
      '1 seed: ipv4 + ipv6, rid',
      SEED,
      { ip: '1.92.157.200', ipv6: '::ffff:1.92.157.200', rid: RID, hint: null },
    ],
    [
      '2 comma before rid',
      `invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist, rid: ${RID}`,
      { ip: '203.0.113.7', ipv6: '::ffff:203.0.113.7', rid: RID, hint: null },
    ],
    [
      '3 hint instead of rid',
      `invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist hint: [${HINT}]`,
      { ip: '203.0.113.7', ipv6: '::ffff:203.0.113.7', rid: null, hint: HINT },
    ],
    [
      '4 hint and rid',
      `invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist hint: [${HINT}] rid: ${RID}`,
      { ip: '203.0.113.7', ipv6: '::ffff:203.0.113.7', rid: RID, hint: HINT },
    ],
    [
      '5 no ipv6 part',
      `invalid ip 198.51.100.23, not in whitelist hint: [${HINT}]`,
      { ip: '198.51.100.23', ipv6: null, rid: null, hint: HINT },
    ],
    [
      '6 no IP at all',
      `invalid ip, not in whitelist hint: [${HINT}]`,
      { ip: null, ipv6: null, rid: null, hint: HINT },
    ],
    [
      '7 no suffix',
      'invalid ip 198.51.100.23, not in whitelist',
      { ip: '198.51.100.23', ipv6: null, rid: null, hint: null },
    ],
  ])('shape %s', (_name, errmsg, expected) => {
    expect(parseWhitelistMessage(errmsg)).toEqual(expected);
  });
});

describe('parseWhitelistMessage: whitespace anywhere', () => {
  test.each([
    ['leading and trailing', `  \t${SEED} \n`],
    ['doubled spaces', SEED.replaceAll(' ', '  ')],
    ['tabs and newlines', SEED.replaceAll(' ', '\t\n ')],
    ['space before the comma', SEED.replace(', not', ' , not')],
    ['no space after rid:', SEED.replace('rid: ', 'rid:')],
    ['space before rid colon', SEED.replace('rid: ', 'rid :  ')],
  ])('%s', (_name, errmsg) => {
    expect(parseWhitelistMessage(errmsg)).toEqual({
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
      rid: RID,
      hint: null,
    });
  });

  test('spaces inside the hint brackets', () => {
    const parsed = parseWhitelistMessage(
      `invalid  ip   198.51.100.23 ,  not in whitelist  hint:  [ ${HINT} ]`,
    );
    expect(parsed).toEqual({ ip: '198.51.100.23', ipv6: null, rid: null, hint: HINT });
  });
});

describe('parseWhitelistMessage: unknown shapes and garbage never throw and never return garbage', () => {
  test.each([
    ['empty', ''],
    ['unrelated errmsg', 'system error'],
    ['different wording', 'ip not allowed'],
    ['only punctuation', ',,,:::[[]]'],
  ])('%s → all null', (_name, errmsg) => {
    expect(parseWhitelistMessage(errmsg)).toEqual({ ip: null, ipv6: null, rid: null, hint: null });
  });

  test.each([
    ['octet out of range', 'invalid ip 999.1.1.1, not in whitelist', null],
    ['five octets', 'invalid ip 1.2.3.4.5, not in whitelist', null],
    ['markup', 'invalid ip <script>alert(1)</script>, not in whitelist', null],
    ['a word', 'invalid ip address, not in whitelist', null],
    ['trailing junk glued on', 'invalid ip 1.2.3.4x, not in whitelist', null],
  ])('implausible ip (%s) → ip null', (_name, errmsg, ip) => {
    expect(parseWhitelistMessage(errmsg).ip).toBe(ip);
  });

  test('implausible ipv6 and malformed rid and hint → null', () => {
    const parsed = parseWhitelistMessage(
      'invalid ip 1.2.3.4 ipv6 zz:top:gg, not in whitelist hint: [bad hint!?] rid: 1234-abcd-ef',
    );
    expect(parsed).toEqual({ ip: '1.2.3.4', ipv6: null, rid: null, hint: null });
  });

  test('a rid with too long a group is not cut down to a plausible one', () => {
    expect(parseWhitelistMessage(`invalid ip 1.2.3.4, not in whitelist rid: ${RID}ff`).rid).toBeNull();
  });

  test('a native IPv6 address is accepted as ipv6 without inventing an ipv4', () => {
    const parsed = parseWhitelistMessage('invalid ip ipv6 2001:db8::1, not in whitelist');
    expect(parsed).toEqual({ ip: null, ipv6: '2001:db8::1', rid: null, hint: null });
  });

  test('only the mapped form given: the IPv4 inside it is reported as ip', () => {
    const parsed = parseWhitelistMessage('invalid ip ipv6 ::FFFF:1.92.157.200, not in whitelist');
    expect(parsed).toEqual({ ip: '1.92.157.200', ipv6: '::ffff:1.92.157.200', rid: null, hint: null });
  });

  test('non-string input (a bad caller) → all null', () => {
    for (const value of [undefined, null, 42, {}]) {
      expect(parseWhitelistMessage(value as unknown as string)).toEqual({
        ip: null,
        ipv6: null,
        rid: null,
        hint: null,
      });
    }
  });

  test('a very long message is handled quickly (no catastrophic backtracking)', () => {
    const long = `invalid ip ${'1.'.repeat(50_000)} ipv6 ${':'.repeat(50_000)} hint: [${'a'.repeat(50_000)}`;
    const started = performance.now();
    expect(parseWhitelistMessage(long)).toEqual({ ip: null, ipv6: null, rid: null, hint: null });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
