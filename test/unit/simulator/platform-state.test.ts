import { describe, expect, test } from '@jest/globals';
import {
  ApprovalError,
  AUTH_CODE_TTL_SEC,
  PlatformState,
  PRE_AUTH_CODE_TTL_SEC,
  TICKET_TTL_MS,
} from '../../simulator/platform-state.js';

const T0 = Date.UTC(2026, 5, 1, 4, 0, 0);
const CONFIG = {
  secret: 'component-secret',
  token: 'push-token',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const ACCOUNT = 'wx00000000000000a1';
const VISIT = { redirectUri: 'https://ops.example.com/landing', authType: 1, bizAppId: null };

function platform(switches: Partial<Parameters<PlatformState['patch']>[0]> = {}): PlatformState {
  return new PlatformState('wx1234567890abcdef', { ...CONFIG, ...switches });
}

/** An approved authorisation of ACCOUNT, through a pre-auth code and its page. */
function approved(p: PlatformState, at = T0, account = ACCOUNT) {
  const { preAuthCode } = p.createPreAuthCode(at);
  expect(p.openPage(preAuthCode, VISIT, at)).toBeNull();
  return p.approve({ preAuthCode, authorizerAppId: account }, at);
}

describe('component_verify_ticket', () => {
  test('accepted for 12 h on the sim clock, then 61005; an unknown one is 61006', () => {
    const p = platform();
    const { ticket, createTime } = p.issueTicket(T0);
    expect(ticket).toMatch(/^ticket@@@[A-Za-z0-9_-]{80,}$/);
    expect(createTime).toBe(T0 / 1000);
    expect(p.checkTicket(ticket, T0 + TICKET_TTL_MS - 1)).toEqual({ ok: true });
    expect(p.checkTicket(ticket, T0 + TICKET_TTL_MS)).toEqual({ ok: false, errcode: 61005 });
    expect(p.checkTicket('ticket@@@nope', T0)).toEqual({ ok: false, errcode: 61006 });
    expect(p.checkTicket('', T0)).toEqual({ ok: false, errcode: 61006 });
  });

  test('an older ticket stays accepted until its own 12 h end; expireTickets ends all of them now', () => {
    const p = platform();
    const first = p.issueTicket(T0).ticket;
    const second = p.issueTicket(T0 + 600_000).ticket;
    expect(p.checkTicket(first, T0 + 700_000).ok).toBe(true);
    p.expireTickets(T0 + 800_000);
    expect(p.checkTicket(first, T0 + 800_000)).toEqual({ ok: false, errcode: 61005 });
    expect(p.checkTicket(second, T0 + 800_000)).toEqual({ ok: false, errcode: 61005 });
    expect(p.checkTicket(p.issueTicket(T0 + 900_000).ticket, T0 + 900_000).ok).toBe(true);
  });

  test('ticketTtlSec shortens the validity', () => {
    const p = platform({ ticketTtlSec: 60 });
    const { ticket } = p.issueTicket(T0);
    expect(p.checkTicket(ticket, T0 + 60_000)).toEqual({ ok: false, errcode: 61005 });
  });
});

describe('component_access_token', () => {
  test('default: a new token every call, the previous one still valid until its own expiry', () => {
    const p = platform();
    const a = p.grantComponentToken(T0);
    const b = p.grantComponentToken(T0 + 1000);
    expect(b.token).not.toBe(a.token);
    expect(a.expiresInSec).toBe(7200);
    expect(p.componentTokens.check(a.token, T0 + 2000)).toEqual({ ok: true });
    expect(p.componentTokens.check(a.token, T0 + 7_200_000)).toEqual({ ok: false, errcode: 42001 });
    expect(p.stats().componentTokensIssued).toBe(2);
  });

  test('componentTokenReuse: the same token while valid, expires_in = remaining life; a new one after', () => {
    const p = platform({ componentTokenReuse: true, componentTokenTtlSec: 100 });
    const a = p.grantComponentToken(T0);
    const again = p.grantComponentToken(T0 + 40_000);
    expect(again).toEqual({ token: a.token, expiresInSec: 60 });
    const later = p.grantComponentToken(T0 + 100_000);
    expect(later.token).not.toBe(a.token);
    expect(p.stats().componentTokensIssued).toBe(2);
  });
});

describe('authorisation', () => {
  test('a pre-auth code opens the page for 30 minutes, once approved it is used up', () => {
    const p = platform();
    const { preAuthCode, expiresInSec } = p.createPreAuthCode(T0);
    expect(expiresInSec).toBe(PRE_AUTH_CODE_TTL_SEC);
    expect(p.openPage(preAuthCode, VISIT, T0 + PRE_AUTH_CODE_TTL_SEC * 1000)).toBe(
      'pre_auth_code is expired',
    );
    expect(p.openPage('preauthcode@@@unknown', VISIT, T0)).toBe('pre_auth_code is invalid');
    expect(p.openPage(preAuthCode, VISIT, T0)).toBeNull();
    const granted = p.approve({ preAuthCode, authorizerAppId: ACCOUNT }, T0);
    expect(granted).toMatchObject({ infoType: 'authorized', redirectUri: VISIT.redirectUri });
    expect(() => p.approve({ preAuthCode, authorizerAppId: ACCOUNT }, T0)).toThrow(ApprovalError);
    expect(p.openPage(preAuthCode, VISIT, T0)).toBe('pre_auth_code is invalid');
  });

  test('approval refused: a link pinned to another account, no redirect_uri, an expired code', () => {
    const p = platform();
    const pinned = p.createPreAuthCode(T0).preAuthCode;
    p.openPage(pinned, { ...VISIT, bizAppId: 'wx00000000000000b2' }, T0);
    expect(() => p.approve({ preAuthCode: pinned, authorizerAppId: ACCOUNT }, T0)).toThrow(/only/);
    const unvisited = p.createPreAuthCode(T0).preAuthCode;
    expect(() => p.approve({ preAuthCode: unvisited, authorizerAppId: ACCOUNT }, T0)).toThrow(/redirect_uri/);
    const stale = p.createPreAuthCode(T0).preAuthCode;
    const after = T0 + PRE_AUTH_CODE_TTL_SEC * 1000;
    expect(() =>
      p.approve({ preAuthCode: stale, authorizerAppId: ACCOUNT, redirectUri: VISIT.redirectUri }, after),
    ).toThrow(/expired/);
    // None of the refusals used the codes up.
    expect(
      p.approve({ preAuthCode: unvisited, authorizerAppId: ACCOUNT, redirectUri: VISIT.redirectUri }, T0),
    ).toMatchObject({ infoType: 'authorized' });
  });

  test('an auth code is single use by default, for 10 minutes; authCodeReusable lets it be used again', () => {
    const p = platform();
    const { authCode } = approved(p);
    expect(p.exchangeAuthCode(authCode, T0)).toMatchObject({
      ok: true,
      authorization: { authorizerAppId: ACCOUNT },
    });
    expect(p.exchangeAuthCode(authCode, T0)).toEqual({ ok: false, errcode: 61009 });
    expect(p.exchangeAuthCode('queryauthcode@@@nope', T0)).toEqual({ ok: false, errcode: 61009 });
    const second = approved(p, T0, 'wx00000000000000b2').authCode;
    expect(p.exchangeAuthCode(second, T0 + AUTH_CODE_TTL_SEC * 1000)).toEqual({ ok: false, errcode: 61010 });

    const reusable = platform({ authCodeReusable: true });
    const code = approved(reusable).authCode;
    expect(reusable.exchangeAuthCode(code, T0).ok).toBe(true);
    expect(reusable.exchangeAuthCode(code, T0 + 1000).ok).toBe(true);
  });

  test('the refresh token: the same one back by default; rotateRefreshToken replaces it and kills the old', () => {
    const p = platform();
    approved(p);
    const refresh = p.authorization(ACCOUNT)?.refreshToken ?? '';
    expect(refresh).toMatch(/^refreshtoken@@@/);
    expect(p.useRefreshToken(ACCOUNT, refresh)).toEqual({ ok: true, refreshToken: refresh });
    expect(p.useRefreshToken(ACCOUNT, 'refreshtoken@@@other')).toEqual({ ok: false, errcode: 61023 });
    expect(p.useRefreshToken('wx00000000000000ff', refresh)).toEqual({ ok: false, errcode: 61003 });

    p.patch({ rotateRefreshToken: true });
    const rotated = p.useRefreshToken(ACCOUNT, refresh);
    expect(rotated.ok && rotated.refreshToken).not.toBe(refresh);
    expect(p.useRefreshToken(ACCOUNT, refresh)).toEqual({ ok: false, errcode: 61023 });
  });

  test('revocation: 61023, out of the list, its auth codes dead; authorising again: authorized, then updateauthorized', () => {
    const p = platform();
    const { authCode } = approved(p);
    approved(p, T0 + 1000, 'wx00000000000000b2');
    const refresh = p.authorization(ACCOUNT)?.refreshToken ?? '';
    expect(p.revoke(ACCOUNT, T0 + 2000)).toBe(true);
    expect(p.revoke(ACCOUNT, T0 + 3000)).toBe(false);
    expect(p.authorization(ACCOUNT)).toMatchObject({ state: 'revoked', revokedAt: T0 + 2000 });
    expect(p.useRefreshToken(ACCOUNT, refresh)).toEqual({ ok: false, errcode: 61023 });
    expect(p.exchangeAuthCode(authCode, T0 + 2000)).toEqual({ ok: false, errcode: 61009 });
    expect(p.authorized().map((a) => a.authorizerAppId)).toEqual(['wx00000000000000b2']);
    expect(approved(p, T0 + 4000).infoType).toBe('authorized');
    // Authorising again while authorised: updateauthorized, with a new refresh token.
    const before = p.authorization(ACCOUNT)?.refreshToken;
    expect(approved(p, T0 + 5000).infoType).toBe('updateauthorized');
    expect(p.authorization(ACCOUNT)?.refreshToken).not.toBe(before);
    expect(p.authorized().map((a) => a.authorizerAppId)).toEqual(['wx00000000000000b2', ACCOUNT]);
  });
});
