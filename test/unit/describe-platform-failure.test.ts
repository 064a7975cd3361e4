import { describe, expect, test } from '@jest/globals';
import { describeFailure, localizeDiagnostic } from '../../src/failures/index.js';
import { AuthorizationRevokedError, NotAuthorizedError } from '../../src/platform/index.js';
import { AuthorizationInvalidError, IpNotWhitelistedError } from '../../src/wechat/errors/index.js';
import { unrecoverable } from '../../src/worker/unrecoverable.js';

const at = Date.parse('2026-12-06T08:00:00Z');
const platform = { platformId: 'agency', componentAppId: 'wxc0c0c0c0c0c0c0c0', name: 'Agency platform' };
const ctx = { accountId: 'client_a', appId: 'wxaaaaaaaaaaaaaaa1', at, blockMs: 15 * 60_000, platform };
const revokedAt = Date.parse('2026-12-06T07:30:00Z');

describe('a revoked authorisation', () => {
  const d = describeFailure(new AuthorizationRevokedError('agency', ctx.appId, revokedAt), ctx);

  test('is AUTHORIZATION_REVOKED naming account, authorizer AppID, platform and when', () => {
    expect(d).toMatchObject({
      code: 'AUTHORIZATION_REVOKED',
      accountId: 'client_a',
      appId: ctx.appId,
      platform,
      revokedAt: '2026-12-06T07:30:00.000Z',
      errcode: null,
      blockedUntil: null,
    });
    expect(d?.summary).toBe(
      'Account client_a (authorizer AppID wxaaaaaaaaaaaaaaa1) revoked its authorisation of the third-party platform agency at 2026-12-06T07:30:00.000Z; it must authorise again.',
    );
  });

  test('says how to re-authorise, in English and in Chinese', () => {
    expect(d?.remedy.join('\n')).toContain('npm run cli -- platform link agency --account client_a');
    expect(d?.remedy[0]).toContain('Agency platform (agency)');
    const zh = d && localizeDiagnostic(d, 'zh-CN');
    expect(zh?.summary).toBe(
      '账号 client_a（授权方 AppID wxaaaaaaaaaaaaaaa1）于 2026-12-06T07:30:00.000Z 取消了对第三方平台 agency 的授权，需重新授权。',
    );
    expect(zh?.remedy[0]).toContain('取消了对第三方平台 Agency platform（agency）的授权');
    expect(zh?.remedy.join('\n')).toContain('platform link agency --account client_a');
  });

  test('the error says never retry, and fails the job unrecoverably', () => {
    expect(new AuthorizationRevokedError('agency', ctx.appId, null).retry).toBe('never');
    expect(d && unrecoverable(d).message).toBe(d?.summary);
  });

  test('without a known time the diagnostic says so by leaving it out', () => {
    const unknown = describeFailure(new AuthorizationRevokedError('agency', ctx.appId, null), ctx);
    expect(unknown?.revokedAt).toBeNull();
    expect(unknown?.summary).not.toContain(' at ');
  });
});

test('no stored authorisation is NOT_AUTHORIZED, pointing at recover and at a link', () => {
  const d = describeFailure(new NotAuthorizedError('agency', ctx.appId), ctx);
  expect(d).toMatchObject({ code: 'NOT_AUTHORIZED', platform, accountId: 'client_a' });
  expect(d?.remedy.join('\n')).toContain('npm run cli -- platform recover agency');
  expect(localizeDiagnostic(d as NonNullable<typeof d>, 'zh-CN').remedy.join('\n')).toContain(
    'platform recover agency',
  );
});

describe("a platform account's whitelist fault", () => {
  const err = new IpNotWhitelistedError({
    errcode: 61004,
    errmsg: 'access clientip is not registered requestIP: 1.92.157.200 rid: 69314eae-54edb1ba-15ae265a',
    rid: '69314eae-54edb1ba-15ae265a',
    appId: 'wxc0c0c0c0c0c0c0c0',
    endpoint: '/cgi-bin/component/api_component_token',
    ip: '1.92.157.200',
    ipv6: null,
  });
  const d = describeFailure(err, ctx);

  test("names the platform's whitelist and its console path, not the account's", () => {
    expect(d).toMatchObject({
      code: 'IP_NOT_WHITELISTED',
      ip: '1.92.157.200',
      rid: '69314eae-54edb1ba-15ae265a',
      accountId: 'client_a',
      platform,
      blockedUntil: '2026-12-06T08:15:00.000Z',
    });
    expect(d?.summary).toContain(
      'IP whitelist of its third-party platform agency (component AppID wxc0c0c0c0c0c0c0c0)',
    );
    const steps = d?.remedy.join('\n') ?? '';
    expect(steps).toContain('open.weixin.qq.com');
    expect(steps).toContain(
      'Management Center → Third-party Platform → Agency platform → Development info → Whitelisted IPs',
    );
    expect(steps).toContain('the IP 1.92.157.200');
    expect(steps).not.toContain('基本配置');
  });

  test('in Chinese too', () => {
    const zh = d && localizeDiagnostic(d, 'zh-CN');
    expect(zh?.summary).toContain(
      '不在其第三方平台 agency（第三方平台 AppID wxc0c0c0c0c0c0c0c0）的 IP 白名单中',
    );
    expect(zh?.remedy.join('\n')).toContain('管理中心 → 第三方平台 → Agency platform → 开发资料 → 白名单IP');
  });

  test("an own-secret account's whitelist fault is unchanged", () => {
    const own = describeFailure(err, { ...ctx, platform: null });
    expect(own).not.toHaveProperty('platform');
    expect(own?.remedy.join('\n')).toContain('基本配置');
  });
});

test('61023 of a platform account is AUTHORIZATION_INVALID and names the platform', () => {
  const d = describeFailure(
    new AuthorizationInvalidError({
      errcode: 61023,
      errmsg: 'invalid refresh_token rid: 69314eae-54edb1ba-15ae265a',
      rid: '69314eae-54edb1ba-15ae265a',
      appId: ctx.appId,
      endpoint: '/cgi-bin/component/api_authorizer_token',
    }),
    ctx,
  );
  expect(d).toMatchObject({ code: 'AUTHORIZATION_INVALID', errcode: 61023, platform });
  expect(d?.remedy.join('\n')).toContain('npm run cli -- platform link agency --account client_a');
  expect(d && localizeDiagnostic(d, 'zh-CN').remedy.join('\n')).toContain(
    'platform link agency --account client_a',
  );
});
