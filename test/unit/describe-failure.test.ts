import { describe, expect, test } from '@jest/globals';
import { describeFailure, localizeDiagnostic } from '../../src/failures/index.js';
import {
  AuthorizationInvalidError,
  ComponentTicketError,
  CredentialsError,
  InvalidRequestError,
  IpConfirmationError,
  IpNotWhitelistedError,
  PermissionError,
  QuotaError,
  TokenInvalidError,
  TokenNotRenewedError,
  TransientError,
  UnknownWeChatError,
  UnsupportedApiError,
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

  test('a withdrawn platform authorisation (61023) is final and says how to re-authorise, in both languages', () => {
    const err = new AuthorizationInvalidError({
      ...wechat,
      endpoint: '/cgi-bin/component/api_authorizer_token',
      errcode: 61023,
      errmsg: 'refresh_token is invalid rid: 69314eae-54edb1ba-15ae265a',
    });
    const d = describeFailure(err, ctx);
    expect(d).toMatchObject({ code: 'AUTHORIZATION_INVALID', errcode: 61023, accountId: ctx.accountId });
    expect(d?.remedy.join('\n')).toContain(`platform link <platformId> --account ${ctx.accountId}`);
    expect(err.retry).toBe('never');
    const zh = localizeDiagnostic(d as NonNullable<typeof d>, 'zh-CN');
    expect(zh.summary).toContain('授权已失效');
    expect(zh.remedy.join('\n')).toContain('授权链接');
  });

  test('a platform credential fault names the component AppID; a ticket fault retries', () => {
    const endpoint = '/cgi-bin/component/api_component_token';
    const bad = new CredentialsError({
      ...wechat,
      appId: 'wx1234567890abcdef',
      endpoint,
      errcode: 40125,
      errmsg: 'invalid appsecret',
      field: 'componentAppSecret',
    });
    const d = describeFailure(bad, ctx);
    expect(d).toMatchObject({
      code: 'BAD_CREDENTIALS',
      field: 'componentAppSecret',
      appId: 'wx1234567890abcdef',
    });
    expect(d?.summary).toContain('third-party platform wx1234567890abcdef');
    expect(d?.remedy.join('\n')).toContain('open.weixin.qq.com');
    expect(localizeDiagnostic(d as NonNullable<typeof d>, 'zh-CN').remedy.join('\n')).toContain('第三方平台');
    const ticket = new ComponentTicketError({
      ...wechat,
      endpoint,
      errcode: 61005,
      errmsg: 'component ticket is expired',
    });
    expect(describeFailure(ticket, ctx)).toBeNull();
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

  test('61004 gets the whitelist diagnostic, IP and remedy, like 40164', () => {
    const errmsg = 'access clientip is not registered requestIP: 203.0.113.7 rid: 69314eae-54edb1ba-15ae265a';
    const err = new IpNotWhitelistedError({
      ...wechat,
      errcode: 61004,
      errmsg,
      ip: '203.0.113.7',
      ipv6: null,
    });
    const d = describeFailure(err, ctx);
    expect(d).toMatchObject({ code: 'IP_NOT_WHITELISTED', errcode: 61004, ip: '203.0.113.7', hint: null });
    expect(d?.remedy.join('\n')).toContain('Add the IP 203.0.113.7');
  });

  test('an older whitelist answer keeps its hint in the diagnostic', () => {
    const errmsg = 'invalid ip 1.92.157.200, not in whitelist hint: [G5bKDA04051504]';
    const err = new IpNotWhitelistedError({
      ...wechat,
      rid: null,
      errcode: 40164,
      errmsg,
      ip: '1.92.157.200',
      ipv6: null,
      hint: 'G5bKDA04051504',
    });
    expect(describeFailure(err, ctx)).toMatchObject({ hint: 'G5bKDA04051504', rid: null });
  });

  test.each([
    [89501, /waiting for an administrator/, /accept the pending confirmation/],
    [89502, /waiting for an administrator/, /open that message in WeChat and confirm/],
    [89505, /waiting for an administrator/, /accept the pending confirmation/],
    [89506, /refused this server's IP/, /24 hours/],
    [89507, /refused this server's IP/, /1 hour/],
  ])('admin confirmation %i has its own summary and remedy', (errcode, summary, remedy) => {
    const d = describeFailure(new IpConfirmationError({ ...wechat, errcode, errmsg: 'x' }), ctx);
    expect(d).toMatchObject({ code: 'IP_CONFIRMATION', errcode });
    expect(d?.summary).toMatch(summary);
    expect(d?.remedy.join('\n')).toMatch(remedy);
  });

  test.each([
    [48004, /banned/],
    [50001, /not authorised/],
    [50002, /limited/],
  ])('permission %i names the call and quotes the errmsg', (errcode, remedy) => {
    const endpoint = '/cgi-bin/freepublish/batchget';
    const err = new PermissionError({
      ...wechat,
      endpoint,
      errcode,
      errmsg: 'api forbidden for irregularities',
    });
    const d = describeFailure(err, ctx);
    expect(d).toMatchObject({ code: 'PERMISSION', endpoint });
    expect(d?.summary).toContain(endpoint);
    expect(d?.summary).toContain('api forbidden for irregularities');
    expect(d?.remedy.join('\n')).toMatch(remedy);
  });

  test('a malformed request names the call and is final', () => {
    const err = new InvalidRequestError({
      ...wechat,
      endpoint: '/cgi-bin/user/get',
      errcode: 47001,
      errmsg: 'data format error',
    });
    const d = describeFailure(err, ctx);
    expect(d).toMatchObject({ code: 'INVALID_REQUEST', endpoint: '/cgi-bin/user/get', errcode: 47001 });
    expect(d?.summary).toContain('/cgi-bin/user/get');
  });

  test('45106 says the kind cannot be synced', () => {
    const err = new UnsupportedApiError({
      ...wechat,
      endpoint: '/cgi-bin/material/batchget_material',
      errcode: 45106,
      errmsg: 'x',
    });
    expect(describeFailure(err, ctx)?.code).toBe('API_UNSUPPORTED');
  });

  test('an unknown errcode is retried until its third attempt, then fails quoting the errmsg (bounded)', () => {
    const errmsg = `brand new refusal ${'y'.repeat(400)}`;
    const err = new UnknownWeChatError({ ...wechat, errcode: 61999, errmsg });
    expect(describeFailure(err, { ...ctx, attempt: 1, maxAttempts: 5 })).toBeNull();
    expect(describeFailure(err, { ...ctx, attempt: 2, maxAttempts: 5 })).toBeNull();
    const d = describeFailure(err, { ...ctx, attempt: 3, maxAttempts: 5 });
    expect(d).toMatchObject({ code: 'WECHAT_ERROR', errcode: 61999, errmsg });
    expect(d?.summary).toContain('brand new refusal');
    expect(d?.summary.length).toBeLessThan(400);
    // A job allowed fewer attempts gets the diagnostic on its own last one.
    expect(describeFailure(err, { ...ctx, attempt: 1, maxAttempts: 1 })?.code).toBe('WECHAT_ERROR');
  });

  test.each([
    ['transient', new TransientError({ ...wechat, errcode: -1, errmsg: 'system error', kind: 'busy' })],
    [
      'quota',
      new QuotaError({ ...wechat, errcode: 45009, errmsg: 'quota', scope: 'daily', retryAt: at + 1 }),
    ],
    ['token', new TokenInvalidError({ ...wechat, errcode: 40001, errmsg: 'invalid credential' })],
    [
      'token not renewed',
      new TokenNotRenewedError({ ...wechat, errcode: null, errmsg: 'x', retryAt: at + 30_000 }),
    ],
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
