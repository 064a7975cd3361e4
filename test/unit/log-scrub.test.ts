import { describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import {
  echoText,
  MAX_ECHOED,
  MAX_LOGGED_STRING,
  MIN_SECRET_LENGTH,
  SecretRegistry,
  scrubString,
  scrubValue,
  truncateText,
} from '../../src/log/index.js';
import { IpNotWhitelistedError } from '../../src/wechat/errors/index.js';

const none = new SecretRegistry();
const scrub = (text: string) => scrubString(text, none);

describe('scrubString patterns', () => {
  test.each([
    [
      'GET https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=S3CR3T&x=1',
      'GET https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=[redacted]&x=1',
    ],
    [
      'POST /cgi-bin/freepublish/batchget?access_token=TOK-123_abc failed',
      'POST /cgi-bin/freepublish/batchget?access_token=[redacted] failed',
    ],
    ['appsecret=abc123, retrying', 'appsecret=[redacted], retrying'],
    ['ACCESS_TOKEN=abc"', 'ACCESS_TOKEN=[redacted]"'],
    ['next=%2Fcb%3Faccess_token%3DTOKVALUE%26a%3D1', 'next=%2Fcb%3Faccess_token%3D[redacted]'],
    ['{"access_token":"TOKVALUE","expires_in":7200}', '{"access_token":"[redacted]","expires_in":7200}'],
    [
      '{"grant_type":"client_credential","appid":"wx1","secret": "S3CR3T"}',
      '{"grant_type":"client_credential","appid":"wx1","secret": "[redacted]"}',
    ],
    ['body {\\"appSecret\\":\\"S3CR3T\\"}', 'body {\\"appSecret\\":\\"[redacted]\\"}'],
    ['truncated {"access_token":"TOKVAL', 'truncated {"access_token":"[redacted]'],
    ['authorization: Bearer abc.DEF-123_~+/==', 'authorization: Bearer [redacted]'],
    [`Authorization: Basic ${Buffer.from('ops:pw').toString('base64')}`, 'Authorization: Basic [redacted]'],
    ['redis://:hunter2@cache:6379/0', 'redis://:[redacted]@cache:6379/0'],
    ['rediss://user:p4ss@cache', 'rediss://user:[redacted]@cache'],
  ])('%s', (input, expected) => {
    expect(scrub(input)).toBe(expected);
  });

  test('ordinary text is left alone', () => {
    const text = 'Basic configuration loaded; token refresh for wx1 at 12:00, https://example.com/a?b=c#d';
    expect(scrub(text)).toBe(text);
  });

  test('is idempotent: an already scrubbed string comes back unchanged', () => {
    const once = scrub('x?secret=S&access_token=T {"secret":"S"} Bearer T redis://:p@h');
    expect(scrub(once)).toBe(once);
    expect(once).not.toMatch(/=S|=T|"S"|Bearer T|:p@/);
  });
});

describe('SecretRegistry', () => {
  test('a remembered value is replaced wherever it appears, also glued to other text', () => {
    const registry = new SecretRegistry();
    registry.remember('tok-AAAAAAAAAAAA');
    expect(scrubString('a tok-AAAAAAAAAAAA b xtok-AAAAAAAAAAAAy tok-AAAAAAAAAAAA', registry)).toBe(
      'a [redacted] b x[redacted]y [redacted]',
    );
  });

  test('the longest of overlapping values wins', () => {
    const registry = new SecretRegistry();
    registry.remember('prefix-12345');
    registry.remember('prefix-12345-longer');
    expect(registry.replaceIn('[prefix-12345-longer]', '#')).toBe('[#]');
    expect(registry.replaceIn('[prefix-12345]', '#')).toBe('[#]');
  });

  test(`values shorter than ${MIN_SECRET_LENGTH} characters are not remembered`, () => {
    const registry = new SecretRegistry();
    registry.remember('admin');
    expect(registry.size).toBe(0);
    expect(registry.replaceIn('/admin/queues', '#')).toBe('/admin/queues');
  });

  test('is bounded: the least recently remembered token goes first, permanent values stay', () => {
    const registry = new SecretRegistry(2);
    registry.remember('app-secret-permanent', { permanent: true });
    registry.remember('token-number-1');
    registry.remember('token-number-2');
    registry.remember('token-number-1'); // touched again: now the most recent
    registry.remember('token-number-3');
    expect(registry.size).toBe(3);
    expect(registry.has('token-number-2')).toBe(false);
    expect(registry.replaceIn('app-secret-permanent token-number-1 token-number-2 token-number-3', '#')).toBe(
      '# # token-number-2 #',
    );
  });
});

describe('scrubValue', () => {
  test('walks nested objects and arrays without touching the input', () => {
    const input = { a: { b: ['x?secret=S1'] }, n: 1, ok: true, nil: null };
    const out = scrubValue(input, none);
    expect(out).toEqual({ a: { b: ['x?secret=[redacted]'] }, n: 1, ok: true, nil: null });
    expect(input.a.b[0]).toBe('x?secret=S1');
  });

  test('Sensitive becomes [redacted]; URL and Date go through toJSON; cycles are cut', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const out = scrubValue(
      {
        key: new Sensitive('very-secret-value'),
        url: new URL('https://x.example/p?access_token=T1'),
        at: new Date(0),
        cyclic,
      },
      none,
    );
    expect(out).toEqual({
      key: '[redacted]',
      url: 'https://x.example/p?access_token=[redacted]',
      at: '1970-01-01T00:00:00.000Z',
      cyclic: { name: 'loop', self: '[Circular]' },
    });
  });

  test('an Error keeps type, message, stack, code and plain fields; got-style request data is dropped', () => {
    const err = Object.assign(new Error('GET https://x/cgi-bin/token?secret=S1 failed'), {
      code: 'ECONNRESET',
      errno: -104,
      options: { url: 'https://x/cgi-bin/token?secret=S1' },
      timings: { start: 1 },
      input: 'https://x/cgi-bin/token?secret=S1',
    });
    const out = scrubValue(err, none) as Record<string, unknown>;
    expect(out).toMatchObject({
      type: 'Error',
      message: 'GET https://x/cgi-bin/token?secret=[redacted] failed',
      code: 'ECONNRESET',
      errno: -104,
    });
    expect(out.stack).toContain('secret=[redacted] failed\n    at ');
    expect(out).not.toHaveProperty('options');
    expect(out).not.toHaveProperty('timings');
    expect(out).not.toHaveProperty('input');
    expect(JSON.stringify(out)).not.toContain('S1');
  });

  test('our WeChat errors log their own data (toJSON) and their cause is followed', () => {
    const err = new IpNotWhitelistedError({
      errcode: 40164,
      errmsg:
        'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a',
      rid: '69314eae-54edb1ba-15ae265a',
      appId: 'wx0123456789abcdef',
      endpoint: '/cgi-bin/stable_token',
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
    });
    const wrapped = new Error('sync failed', { cause: err });
    const out = scrubValue(wrapped, none) as { cause: Record<string, unknown> };
    expect(out.cause).toMatchObject({
      type: 'IpNotWhitelistedError',
      name: 'IpNotWhitelistedError',
      code: 'IP_NOT_WHITELISTED',
      errcode: 40164,
      appId: 'wx0123456789abcdef',
      ip: '1.92.157.200',
      rid: '69314eae-54edb1ba-15ae265a',
    });
  });

  test('a cause chain is followed a few levels and a cyclic one ends', () => {
    const err = new Error('outer');
    err.cause = err;
    const out = scrubValue(err, none) as { cause: { cause: { cause: { cause: unknown } } } };
    expect(out.cause.cause.cause).toMatchObject({ message: 'outer', cause: '[Error]' });
  });
});

describe('length caps (issue 17)', () => {
  test('a logged string past MAX_LOGGED_STRING is cut after scrubbing, saying how much was dropped', () => {
    const registry = new SecretRegistry();
    const secret = 'tok-SECRETSECRETSECRET';
    registry.remember(secret);
    // The secret straddles the cut: scrubbed whole before the cut, no head of it survives.
    const text = `${'a'.repeat(MAX_LOGGED_STRING - 5)}${secret}${'b'.repeat(10_000)}`;
    const out = scrubValue({ url: text }, registry) as { url: string };
    expect(out.url.length).toBeLessThan(MAX_LOGGED_STRING + 40);
    expect(out.url).toMatch(/…\[\d+ more characters\]$/);
    expect(out.url).not.toContain('tok-S');
    expect(out.url.slice(MAX_LOGGED_STRING - 5, MAX_LOGGED_STRING)).toBe('[reda');
  });

  test('truncateText leaves short text alone', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('0123456789abc', 10)).toBe('0123456789…[3 more characters]');
  });

  test('echoText caps at MAX_ECHOED and replaces control characters', () => {
    expect(echoText(`k\u0000e\ny\u001b[31m\u0085`)).toBe('k?e?y?[31m?');
    const long = echoText('k'.repeat(100_000));
    expect(long).toBe(`${'k'.repeat(MAX_ECHOED)}…`);
  });
});
