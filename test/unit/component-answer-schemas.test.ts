import { describe, expect, test } from '@jest/globals';
import {
  authorizerInfoAnswer,
  authorizerListAnswer,
  authorizerTokenAnswer,
  componentTokenAnswer,
  preAuthCodeAnswer,
  queryAuthAnswer,
} from '../../src/wechat/answer-schemas.js';

/**
 * The component answers are read leniently like the account answers: numbers also as
 * numeric strings, unknown fields ignored, optional parts absent; what the platform
 * subsystem relies on (tokens, AppIDs, refresh tokens) stays required.
 */

const TOKEN = `85_${'t'.repeat(150)}`;
const REFRESH = 'refreshtoken@@@RU0Sf_Bc5VgXeU8Qd9Yw2Lk7Np4Tm1Zs3Hx6Jc';

describe('component answer schemas', () => {
  test('api_component_token: expires_in as a numeric string, unknown fields ignored', () => {
    const parsed = componentTokenAnswer.parse({
      component_access_token: TOKEN,
      expires_in: '7200',
      extra: 1,
    });
    expect(parsed).toMatchObject({ component_access_token: TOKEN, expires_in: 7200 });
  });

  test('api_component_token: a missing token, a zero or non-numeric lifetime are refused', () => {
    expect(componentTokenAnswer.safeParse({ expires_in: 7200 }).success).toBe(false);
    expect(componentTokenAnswer.safeParse({ component_access_token: TOKEN, expires_in: 0 }).success).toBe(
      false,
    );
    expect(componentTokenAnswer.safeParse({ component_access_token: TOKEN, expires_in: '2h' }).success).toBe(
      false,
    );
    expect(componentTokenAnswer.safeParse({ component_access_token: '', expires_in: 7200 }).success).toBe(
      false,
    );
  });

  test('api_create_preauthcode: string expires_in', () => {
    expect(preAuthCodeAnswer.parse({ pre_auth_code: 'preauthcode@@@x', expires_in: '1800' })).toMatchObject({
      expires_in: 1800,
    });
  });

  test('api_query_auth: func_info read to ids (string ids too), absent func_info is none', () => {
    const info = {
      authorizer_appid: 'wxf8b4f85f3a794e77',
      authorizer_access_token: TOKEN,
      expires_in: 7200,
      authorizer_refresh_token: REFRESH,
    };
    const withFuncs = queryAuthAnswer.parse({
      authorization_info: {
        ...info,
        func_info: [
          { funcscope_category: { id: 1 } },
          { funcscope_category: { id: '15' }, confirm_info: { need_confirm: 0 } },
        ],
      },
    });
    expect(withFuncs.authorization_info.func_info).toEqual([1, 15]);
    expect(queryAuthAnswer.parse({ authorization_info: info }).authorization_info.func_info).toEqual([]);
    const { authorizer_refresh_token: _, ...noRefresh } = info;
    expect(queryAuthAnswer.safeParse({ authorization_info: noRefresh }).success).toBe(false);
  });

  test('api_authorizer_token: the refresh token is required (it may be rotated)', () => {
    const answer = { authorizer_access_token: TOKEN, expires_in: '7200', authorizer_refresh_token: REFRESH };
    expect(authorizerTokenAnswer.parse(answer).expires_in).toBe(7200);
    expect(authorizerTokenAnswer.safeParse({ ...answer, authorizer_refresh_token: undefined }).success).toBe(
      false,
    );
  });

  test('api_get_authorizer_info: only user_name required; authorization_info may be absent', () => {
    const parsed = authorizerInfoAnswer.parse({ authorizer_info: { user_name: 'gh_eb5e3a772040', idc: 1 } });
    expect(parsed.authorizer_info).toMatchObject({ nick_name: '', user_name: 'gh_eb5e3a772040' });
    expect(parsed.authorization_info.func_info).toEqual([]);
    expect(parsed.authorization_info.authorizer_refresh_token).toBeUndefined();
    expect(authorizerInfoAnswer.safeParse({ authorizer_info: { nick_name: 'x' } }).success).toBe(false);
  });

  test('api_get_authorizer_list: numeric strings, list absent past the end', () => {
    const parsed = authorizerListAnswer.parse({
      total_count: '1',
      list: [{ authorizer_appid: 'wxf8b4f85f3a794e77', refresh_token: REFRESH, auth_time: '1558000607' }],
    });
    expect(parsed).toMatchObject({ total_count: 1, list: [{ auth_time: 1558000607 }] });
    expect(authorizerListAnswer.parse({ total_count: 3 }).list).toEqual([]);
    const noToken = { total_count: 1, list: [{ authorizer_appid: 'wx', auth_time: 1 }] };
    expect(authorizerListAnswer.safeParse(noToken).success).toBe(false);
  });
});
