import { describe, expect, test } from '@jest/globals';
import { describeFailure } from '../../src/failures/index.js';
import {
  CredentialsError,
  IpNotWhitelistedError,
  PermissionError,
  QuotaError,
  TokenInvalidError,
  TransientError,
} from '../../src/wechat/errors/index.js';
import { unrecoverable } from '../../src/worker/unrecoverable.js';

const at = Date.parse('2026-11-25T08:00:00Z');
const ctx = { accountId: 'gh_e4b07b2a992e6669', appId: 'wx0123456789abcdef', at, blockMs: 15 * 60_000 };
const seedMessage =
  'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a';
const wechat = { rid: '69314eae-54edb1ba-15ae265a', appId: ctx.appId, endpoint: '/cgi-bin/stable_token' };

describe('describeFailure', () => {
  test('a whitelist fault carries everything an operator needs', () => {
    const err = new IpNotWhitelistedError({
      ...wechat,
      errcode: 40164,
      errmsg: seedMessage,
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
    });
    const d = describeFailure(err, ctx);
    expect(d).toMatchObject({
      code: 'IP_NOT_WHITELISTED',
      errcode: 40164,
      errmsg: seedMessage,
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
      rid: '69314eae-54edb1ba-15ae265a',
      accountId: ctx.accountId,
      appId: ctx.appId,
      endpoint: '/cgi-bin/stable_token',
      at: '2026-11-25T08:00:00.000Z',
      blockedUntil: '2026-11-25T08:15:00.000Z',
    });
    expect(d?.summary).toContain('1.92.157.200');
    expect(d?.summary).toContain(ctx.accountId);
    expect(d?.summary.split('. ').length).toBe(1);
    expect(d?.remedy.join('\n')).toContain('IP白名单');
    expect(d?.remedy.join('\n')).toContain('Add the IP 1.92.157.200');
    expect(d?.remedy.join('\n')).toMatch(/few minutes/);
  });

  test('a whitelist fault without an IP still says what to do', () => {
    const err = new IpNotWhitelistedError({
      ...wechat,
      errcode: 40164,
      errmsg: 'invalid ip, not in whitelist',
      ip: null,
      ipv6: null,
    });
    const d = describeFailure(err, { ...ctx, blockMs: 0 });
    expect(d?.ip).toBeNull();
    expect(d?.blockedUntil).toBeNull();
    expect(d?.remedy.join('\n')).toContain('every worker host');
  });

  test('credential faults name the field', () => {
    const d = describeFailure(
      new CredentialsError({ ...wechat, errcode: 40125, errmsg: 'invalid appsecret', field: 'appSecret' }),
      ctx,
    );
    expect(d).toMatchObject({ code: 'BAD_CREDENTIALS', field: 'appSecret', errcode: 40125 });
    expect(d?.remedy.join(' ')).toContain('AppSecret');
  });

  test('permission faults are final', () => {
    expect(
      describeFailure(new PermissionError({ ...wechat, errcode: 48001, errmsg: 'api unauthorized' }), ctx)
        ?.code,
    ).toBe('PERMISSION');
  });

  test.each([
    ['transient', new TransientError({ ...wechat, errcode: -1, errmsg: 'system error', kind: 'busy' })],
    [
      'quota',
      new QuotaError({ ...wechat, errcode: 45009, errmsg: 'quota', scope: 'daily', retryAt: at + 1 }),
    ],
    ['token', new TokenInvalidError({ ...wechat, errcode: 40001, errmsg: 'invalid credential' })],
    ['plain error', new Error('boom')],
  ])('%s errors are retried, so they get no diagnostic', (_name, err) => {
    expect(describeFailure(err, ctx)).toBeNull();
  });
});

describe('unrecoverable', () => {
  test('message is the summary; the stack shows the remedy and the diagnostic', () => {
    const err = new IpNotWhitelistedError({
      ...wechat,
      errcode: 40164,
      errmsg: seedMessage,
      ip: '1.92.157.200',
      ipv6: null,
    });
    const d = describeFailure(err, ctx);
    if (!d) throw new Error('expected a diagnostic');
    const e = unrecoverable(d);
    expect(e.name).toBe('UnrecoverableError');
    expect(e.message).toBe(d.summary);
    expect(e.stack).toContain('How to fix:');
    expect(e.stack).toContain('"rid": "69314eae-54edb1ba-15ae265a"');
  });
});
