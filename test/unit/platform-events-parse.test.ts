import { describe, expect, test } from '@jest/globals';
import type { Platform } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { openPlatformPush, platformPushQuerySchema } from '../../src/platform/events/open-platform-push.js';
import { readPlatformEvent } from '../../src/platform/events/platform-event.js';
import { authorizationLinks, landingUrl } from '../../src/platform/links/authorization-links.js';
import { parsePushXml } from '../../src/push/push-xml.js';
import { aesKeyOf, encryptMessage, pushSignature } from '../../src/wechat-crypto/index.js';

const COMPONENT = 'wx00000000000000c1';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'platformPushToken';
const platform: Platform = {
  platformId: 'agency',
  componentAppId: COMPONENT,
  componentAppSecret: new Sensitive('component-secret'),
  token: new Sensitive(TOKEN),
  encodingAESKey: new Sensitive(KEY),
};
const NOW = 1_700_000_000;

function signed(
  inner: string,
  opts: { appId?: string; token?: string; timestamp?: number; outerAppId?: string } = {},
) {
  const encrypted = encryptMessage(aesKeyOf(KEY), opts.appId ?? COMPONENT, inner);
  const timestamp = String(opts.timestamp ?? NOW);
  const nonce = 'n0nce';
  const token = opts.token ?? TOKEN;
  const query = platformPushQuerySchema.parse({
    timestamp,
    nonce,
    encrypt_type: 'aes',
    signature: pushSignature([token, timestamp, nonce]),
    msg_signature: pushSignature([token, timestamp, nonce, encrypted]),
  });
  const body = `<xml><AppId><![CDATA[${opts.outerAppId ?? COMPONENT}]]></AppId><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  return { query, body };
}

const ticketXml = `<xml><AppId><![CDATA[${COMPONENT}]]></AppId><CreateTime>1700000000</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@abc]]></ComponentVerifyTicket></xml>`;

describe('openPlatformPush', () => {
  test('verifies and opens a push encrypted for the component AppID', () => {
    const { query, body } = signed(ticketXml);
    expect(readPlatformEvent(openPlatformPush(query, body, platform, NOW))).toEqual({
      infoType: 'component_verify_ticket',
      ticket: 'ticket@@@abc',
      createdAt: 1_700_000_000_000,
    });
  });

  test.each([
    ['another token (bad signature)', { token: 'otherToken' }, 401],
    ['a cipher for another AppID', { appId: 'wx00000000000000ff' }, 400],
    ['an envelope naming another AppID', { outerAppId: 'wx00000000000000ff' }, 400],
    ['a timestamp 10 minutes old', { timestamp: NOW - 600 }, 400],
  ])('refuses %s', (_name, opts, status) => {
    const { query, body } = signed(ticketXml, opts);
    expect(() => openPlatformPush(query, body, platform, NOW)).toThrow(
      expect.objectContaining({ name: 'PushRejection', statusCode: status }),
    );
  });

  test('a tampered Encrypt fails the msg_signature, and the reason never quotes the body', () => {
    const { query, body } = signed(ticketXml);
    const tampered = body.replace(/<Encrypt><!\[CDATA\[./, '<Encrypt><![CDATA[A');
    try {
      openPlatformPush(query, tampered, platform, NOW);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toMatchObject({ statusCode: 401, reason: 'bad signature' });
    }
  });
});

describe('readPlatformEvent', () => {
  const head = `<AppId>${COMPONENT}</AppId><CreateTime>1700000100</CreateTime>`;
  test('authorized and updateauthorized carry the appid and the code', () => {
    for (const infoType of ['authorized', 'updateauthorized'] as const) {
      const root = parsePushXml(
        `<xml>${head}<InfoType>${infoType}</InfoType><AuthorizerAppid>wx1234567890abcdef</AuthorizerAppid><AuthorizationCode>queryauthcode@@@x</AuthorizationCode><AuthorizationCodeExpiredTime>1700000700</AuthorizationCodeExpiredTime><PreAuthCode>preauthcode@@@y</PreAuthCode></xml>`,
      );
      expect(readPlatformEvent(root)).toEqual({
        infoType,
        authorizerAppId: 'wx1234567890abcdef',
        authCode: 'queryauthcode@@@x',
        createdAt: 1_700_000_100_000,
      });
    }
  });

  test('unauthorized carries the appid and its time', () => {
    const root = parsePushXml(
      `<xml>${head}<InfoType>unauthorized</InfoType><AuthorizerAppid>wx1234567890abcdef</AuthorizerAppid></xml>`,
    );
    expect(readPlatformEvent(root)).toEqual({
      infoType: 'unauthorized',
      authorizerAppId: 'wx1234567890abcdef',
      createdAt: 1_700_000_100_000,
    });
  });

  test('a known InfoType without its fields is null; an unknown one is ignored by name', () => {
    expect(readPlatformEvent(parsePushXml(`<xml>${head}<InfoType>authorized</InfoType></xml>`))).toBeNull();
    expect(
      readPlatformEvent(parsePushXml(`<xml>${head}<InfoType>notify_third_fasteregister</InfoType></xml>`)),
    ).toEqual({ infoType: 'other', name: 'notify_third_fasteregister' });
  });
});

describe('authorizationLinks', () => {
  const parts = {
    mpBase: 'https://mp.weixin.qq.com',
    openBase: 'https://open.weixin.qq.com',
    componentAppId: COMPONENT,
    preAuthCode: 'preauthcode@@@abc',
    redirectUri: landingUrl('https://sync.example.com/', 'agency'),
    authType: 1 as const,
  };

  test('PC and mobile links carry the code, the redirect and the pinned AppID', () => {
    const links = authorizationLinks({ ...parts, bizAppId: 'wx1234567890abcdef' });
    const pc = new URL(links.pc);
    expect(`${pc.origin}${pc.pathname}`).toBe('https://mp.weixin.qq.com/cgi-bin/componentloginpage');
    expect(Object.fromEntries(pc.searchParams)).toEqual({
      component_appid: COMPONENT,
      pre_auth_code: 'preauthcode@@@abc',
      redirect_uri: 'https://sync.example.com/wechat/platform/agency/authorized',
      auth_type: '1',
      biz_appid: 'wx1234567890abcdef',
    });
    const mobile = new URL(links.mobile);
    expect(`${mobile.origin}${mobile.pathname}`).toBe(
      'https://open.weixin.qq.com/wxaopen/safe/bindcomponent',
    );
    expect(mobile.searchParams.get('action')).toBe('bindcomponent');
    expect(mobile.searchParams.get('no_scan')).toBe('1');
    expect(mobile.searchParams.get('biz_appid')).toBe('wx1234567890abcdef');
    expect(mobile.hash).toBe('#wechat_redirect');
  });

  test('without a pinned account there is no biz_appid; a base with a path keeps it', () => {
    const links = authorizationLinks({ ...parts, mpBase: 'http://127.0.0.1:9000/sim', bizAppId: null });
    expect(links.pc.startsWith('http://127.0.0.1:9000/sim/cgi-bin/componentloginpage?')).toBe(true);
    expect(new URL(links.pc).searchParams.has('biz_appid')).toBe(false);
  });
});
