import { describe, expect, test } from '@jest/globals';
import { mintToken, TokenBook } from '../../simulator/token-book.js';
import {
  FORCE_REFRESH_DAILY_LIMIT,
  ForceRefreshLimiter,
  forceStableToken,
  grantClientToken,
  grantStableToken,
  stableRotateWindowMs,
} from '../../simulator/tokens.js';

const T0 = Date.UTC(2025, 5, 1, 4, 0, 0); // 12:00 China time, far from a quota day boundary
const HOUR = 3_600_000;
const TTL = 2 * HOUR;
const OVERLAP = 300_000;

describe('mintToken', () => {
  test('realistic: 136+ characters of [A-Za-z0-9_-], different every time', () => {
    const a = mintToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{136,512}$/);
    expect(mintToken()).not.toBe(a);
  });
});

describe('TokenBook memory', () => {
  test('tokens dead for over a day are forgotten (and leave the index); recent ones are kept', () => {
    const forgotten: string[] = [];
    const book = new TokenBook({ onForget: (token) => forgotten.push(token) });
    const old = Array.from({ length: 40 }, () => grantClientToken(book, T0, TTL, 0).token);
    const recent = Array.from({ length: 24 }, () => grantClientToken(book, T0 + 2 * TTL * 12, TTL, 0).token);
    expect(book.size).toBe(64);
    grantClientToken(book, T0 + 2 * TTL * 12 + 1, TTL, 0);
    expect(forgotten.sort()).toEqual([...old].sort());
    expect(book.size).toBe(25);
    expect(book.check(recent[0]!, T0 + 2 * TTL * 12 + 1)).toEqual({ ok: false, errcode: 40001 });
  });
});

describe('/cgi-bin/token rules', () => {
  test('each call issues a new token; the previous one works during the overlap, then answers 40001', () => {
    const book = new TokenBook();
    const first = grantClientToken(book, T0, TTL, OVERLAP);
    const second = grantClientToken(book, T0 + 1000, TTL, OVERLAP);
    expect(second.token).not.toBe(first.token);
    expect(second).toMatchObject({ expiresInSec: 7200, issued: true });
    expect(book.check(first.token, T0 + 1000 + OVERLAP - 1)).toEqual({ ok: true });
    expect(book.check(first.token, T0 + 1000 + OVERLAP)).toEqual({ ok: false, errcode: 40001 });
    expect(book.check(second.token, T0 + 1000 + OVERLAP)).toEqual({ ok: true });
  });

  test('with overlap 0 the previous token is refused at once', () => {
    const book = new TokenBook();
    const first = grantClientToken(book, T0, TTL, 0);
    grantClientToken(book, T0, TTL, 0);
    expect(book.check(first.token, T0)).toEqual({ ok: false, errcode: 40001 });
  });

  test('a token past its lifetime answers 42001; an unknown one 40001', () => {
    const book = new TokenBook();
    const { token } = grantClientToken(book, T0, TTL, OVERLAP);
    expect(book.check(token, T0 + TTL - 1)).toEqual({ ok: true });
    expect(book.check(token, T0 + TTL)).toEqual({ ok: false, errcode: 42001 });
    expect(book.check('86_nope', T0)).toEqual({ ok: false, errcode: 40001 });
  });

  test('superseding never extends a life: a token expiring inside the overlap answers 42001', () => {
    const book = new TokenBook();
    const first = grantClientToken(book, T0, TTL, OVERLAP);
    grantClientToken(book, T0 + TTL - 1000, TTL, OVERLAP);
    expect(book.check(first.token, T0 + TTL)).toEqual({ ok: false, errcode: 42001 });
  });
});

describe('/cgi-bin/stable_token rules', () => {
  test('without force: the same token while valid, expires_in = remaining lifetime', () => {
    const book = new TokenBook();
    const first = grantStableToken(book, T0, TTL);
    const again = grantStableToken(book, T0 + HOUR + 500, TTL);
    expect(first).toMatchObject({ expiresInSec: 7200, issued: true });
    expect(again).toEqual({ token: first.token, expiresInSec: 3599, issued: false });
  });

  test('in the last 300 s it rotates: new token, old one still valid until its expiry, expires_in never below 300', () => {
    const book = new TokenBook();
    const first = grantStableToken(book, T0, TTL);
    const lastSafe = grantStableToken(book, T0 + TTL - 300_001, TTL);
    expect(lastSafe).toMatchObject({ token: first.token, expiresInSec: 300 });
    const rotated = grantStableToken(book, T0 + TTL - 300_000, TTL);
    expect(rotated.token).not.toBe(first.token);
    expect(rotated).toMatchObject({ expiresInSec: 7200, issued: true });
    expect(book.check(first.token, T0 + TTL - 1)).toEqual({ ok: true });
    expect(book.check(first.token, T0 + TTL)).toEqual({ ok: false, errcode: 42001 });
    expect(grantStableToken(book, T0 + TTL, TTL).token).toBe(rotated.token);
  });

  test('stable and /cgi-bin/token tokens are separate families', () => {
    const book = new TokenBook();
    const stable = grantStableToken(book, T0, TTL);
    grantClientToken(book, T0, TTL, 0);
    grantClientToken(book, T0, TTL, 0);
    expect(book.check(stable.token, T0)).toEqual({ ok: true });
    expect(grantStableToken(book, T0 + 1, TTL).token).toBe(stable.token);
  });

  test('force_refresh invalidates the current token (40001) and issues a new one', () => {
    const book = new TokenBook();
    const first = grantStableToken(book, T0, TTL);
    const forced = forceStableToken(book, T0 + 1000, TTL);
    expect(forced.token).not.toBe(first.token);
    expect(book.check(first.token, T0 + 1000)).toEqual({ ok: false, errcode: 40001 });
    expect(grantStableToken(book, T0 + 2000, TTL).token).toBe(forced.token);
  });

  test('the rotation window is capped at half the TTL so short benchmark TTLs still reuse a token', () => {
    expect(stableRotateWindowMs(TTL)).toBe(300_000);
    expect(stableRotateWindowMs(60_000)).toBe(30_000);
    const book = new TokenBook();
    const first = grantStableToken(book, T0, 60_000);
    expect(grantStableToken(book, T0 + 29_999, 60_000).token).toBe(first.token);
    expect(grantStableToken(book, T0 + 30_000, 60_000).token).not.toBe(first.token);
  });

  test('expireAll makes every working token answer 42001 and stable_token then issues a new one', () => {
    const book = new TokenBook();
    const stable = grantStableToken(book, T0, TTL);
    const plain = grantClientToken(book, T0, TTL, OVERLAP);
    book.expireAll(T0 + 10);
    expect(book.check(stable.token, T0 + 10)).toEqual({ ok: false, errcode: 42001 });
    expect(book.check(plain.token, T0 + 10)).toEqual({ ok: false, errcode: 42001 });
    expect(grantStableToken(book, T0 + 10, TTL)).toMatchObject({ issued: true });
  });
});

describe('ForceRefreshLimiter', () => {
  test('at least 30 s apart (45011)', () => {
    const limiter = new ForceRefreshLimiter();
    expect(limiter.refusal(T0)).toBeNull();
    limiter.record(T0);
    expect(limiter.refusal(T0 + 29_999)).toBe(45011);
    expect(limiter.refusal(T0 + 30_000)).toBeNull();
  });

  test('at most 20 a day (45009), counted again from China midnight', () => {
    const limiter = new ForceRefreshLimiter();
    let now = T0;
    for (let i = 0; i < FORCE_REFRESH_DAILY_LIMIT; i++) {
      expect(limiter.refusal(now)).toBeNull();
      limiter.record(now);
      now += 60_000;
    }
    expect(limiter.refusal(now)).toBe(45009);
    const nextChinaMidnight = Date.UTC(2025, 5, 1, 16, 0, 0);
    expect(limiter.refusal(nextChinaMidnight - 1)).toBe(45009);
    expect(limiter.refusal(nextChinaMidnight)).toBeNull();
  });
});
