import { describe, expect, test } from '@jest/globals';
import * as errors from '../../src/wechat/errors/index.js';
import {
  AuthorizationInvalidError,
  ComponentTicketError,
  CredentialsError,
  errorFromJson,
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
  WeChatError,
} from '../../src/wechat/errors/index.js';

const base = {
  errcode: 40164,
  errmsg:
    'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a',
  rid: '69314eae-54edb1ba-15ae265a',
  appId: 'wx0123456789abcdef',
  endpoint: '/cgi-bin/stable_token',
};

/** One sample of every error class, with non-default values in each class-specific field. */
const samples: WeChatError[] = [
  new CredentialsError({ ...base, errcode: 40125, field: 'appSecret' }),
  new CredentialsError({
    ...base,
    errcode: 40125,
    field: 'componentAppSecret',
    endpoint: '/cgi-bin/component/api_component_token',
  }),
  new AuthorizationInvalidError({
    ...base,
    errcode: 61023,
    endpoint: '/cgi-bin/component/api_authorizer_token',
  }),
  new ComponentTicketError({ ...base, errcode: 61005, endpoint: '/cgi-bin/component/api_component_token' }),
  new IpConfirmationError({ ...base, errcode: 89503 }),
  new IpNotWhitelistedError({ ...base, ip: '1.92.157.200', ipv6: '::ffff:1.92.157.200' }),
  new IpNotWhitelistedError({ ...base, ip: null, ipv6: null }),
  new IpNotWhitelistedError({ ...base, errcode: 61004, ip: '1.2.3.4', ipv6: null, hint: 'G5bKDA04051504' }),
  new InvalidRequestError({ ...base, errcode: 47001, endpoint: '/cgi-bin/user/get' }),
  new TokenNotRenewedError({ ...base, errcode: null, rid: null, retryAt: 1_767_196_830_000 }),
  new UnsupportedApiError({ ...base, errcode: 45106, endpoint: '/cgi-bin/material/batchget_material' }),
  new PermissionError({ ...base, errcode: 48001 }),
  new QuotaError({ ...base, errcode: 45009, scope: 'daily', retryAt: 1_767_196_800_000 }),
  new TokenInvalidError({ ...base, errcode: 42001, endpoint: '/cgi-bin/freepublish/batchget' }),
  new TransientError({ ...base, errcode: null, rid: null, kind: 'http-status', statusCode: 502 }),
  new TransientError({ ...base, errcode: -1, kind: 'busy' }),
  new UnknownWeChatError({ ...base, errcode: 99999 }),
];

/** What crosses a process boundary: the JSON text, not the object. */
function overTheWire(err: WeChatError): unknown {
  return JSON.parse(JSON.stringify(err));
}

describe('errorFromJson', () => {
  test.each(samples.map((err) => [err.name, err] as const))(
    '%s round-trips to the same class and data',
    (_, err) => {
      const rebuilt = errorFromJson(overTheWire(err));
      expect(rebuilt).toBeInstanceOf(err.constructor);
      expect(rebuilt).toBeInstanceOf(WeChatError);
      expect(rebuilt.name).toBe(err.name);
      expect(rebuilt.message).toBe(err.message);
      expect(rebuilt.retry).toBe(err.retry);
      expect(rebuilt.toJSON()).toEqual(err.toJSON());
    },
  );

  test('every error class exported from src/wechat/errors has a sample here (a new class needs errorFromJson support)', () => {
    const exported = Object.values(errors).filter(
      (value): value is typeof WeChatError =>
        typeof value === 'function' && value.prototype instanceof WeChatError,
    );
    const sampled = new Set(samples.map((err) => err.constructor));
    expect(exported.length).toBeGreaterThanOrEqual(8);
    for (const cls of exported) expect([cls.name, sampled.has(cls)]).toEqual([cls.name, true]);
  });

  test('an IpNotWhitelistedError written before hint was kept rebuilds with hint null', () => {
    const old = overTheWire(new IpNotWhitelistedError({ ...base, ip: '1.92.157.200', ipv6: null })) as Record<
      string,
      unknown
    >;
    delete old.hint;
    const rebuilt = errorFromJson(old) as IpNotWhitelistedError;
    expect(rebuilt).toBeInstanceOf(IpNotWhitelistedError);
    expect(rebuilt).toMatchObject({ ip: '1.92.157.200', hint: null });
  });

  test('rejects an unknown name with a TypeError naming it', () => {
    expect(() => errorFromJson({ ...base, name: 'RangeError' })).toThrow(
      new TypeError('errorFromJson: not a known WeChat error name: "RangeError"'),
    );
    expect(() => errorFromJson({ ...base, name: 'toString' })).toThrow(TypeError);
    expect(() => errorFromJson(null)).toThrow(TypeError);
    expect(() => errorFromJson('IpNotWhitelistedError')).toThrow(TypeError);
  });

  test('rejects missing or mistyped fields with a TypeError listing them', () => {
    const quota = samples.find((err) => err instanceof QuotaError)!;
    const json = { ...(overTheWire(quota) as object), retryAt: 'tomorrow', appId: undefined };
    expect(() => errorFromJson(json)).toThrow(
      new TypeError('errorFromJson: QuotaError has missing or invalid fields: appId, retryAt'),
    );
    const credentials = { ...(overTheWire(samples[0]!) as object), field: 'password' };
    expect(() => errorFromJson(credentials)).toThrow(/CredentialsError has missing or invalid fields: field/);
  });
});
