import { describe, expect, test } from '@jest/globals';
import {
  decodeTokenRecord,
  encodeTokenRecord,
  holdsToken,
  isFresh,
  recordTtlMs,
  refreshThresholdMs,
  type TokenRecord,
} from '../../src/token/token-cache-record.js';
import { AccessToken } from '../../src/wechat/access-token.js';

const MIN = 60_000;
const T0 = 1_767_000_000_000;
const token = 'x'.repeat(40) + '_TOKEN-abc';

function record(lifetimeMs: number, fetchedAt: number | null = T0): TokenRecord {
  return { token: new AccessToken(token), expiresAt: T0 + lifetimeMs, fetchedAt };
}

describe('encodeTokenRecord / decodeTokenRecord', () => {
  test('round-trip keeps WeChat field name, expiry and fetch time; the token comes back wrapped', () => {
    const raw = encodeTokenRecord({ token: new AccessToken(token), expiresAt: T0 + 7200_000 }, T0);
    expect(JSON.parse(raw)).toEqual({ access_token: token, expiresAt: T0 + 7200_000, fetchedAt: T0 });
    const decoded = decodeTokenRecord(raw);
    expect(decoded?.token).toBeInstanceOf(AccessToken);
    expect(decoded?.token.reveal()).toBe(token);
    expect(String(decoded?.token)).toBe('[redacted]');
    expect({ expiresAt: decoded?.expiresAt, fetchedAt: decoded?.fetchedAt }).toEqual({
      expiresAt: T0 + 7200_000,
      fetchedAt: T0,
    });
  });

  test('a record without fetchedAt (the minimal {access_token, expiresAt}) is read with fetchedAt null', () => {
    const decoded = decodeTokenRecord(JSON.stringify({ access_token: token, expiresAt: T0 }));
    expect(decoded?.fetchedAt).toBeNull();
    expect(decoded?.expiresAt).toBe(T0);
  });

  test.each([
    ['missing key', null],
    ['not JSON', '{"access_token":'],
    ['JSON of the wrong type', '"abc"'],
    ['empty token', JSON.stringify({ access_token: '', expiresAt: T0 })],
    ['expiry not a number', JSON.stringify({ access_token: token, expiresAt: '2026-01-01' })],
    ['missing expiry', JSON.stringify({ access_token: token })],
  ])('%s reads as no record', (_, raw) => {
    expect(decodeTokenRecord(raw)).toBeNull();
  });
});

describe('isFresh / refreshThresholdMs', () => {
  const margin = 5 * MIN;

  test('a 2-hour token is fresh until the margin before expiry, then due', () => {
    const r = record(120 * MIN);
    expect(refreshThresholdMs(r, margin)).toBe(margin);
    expect(isFresh(r, T0, margin)).toBe(true);
    expect(isFresh(r, T0 + 115 * MIN - 1, margin)).toBe(true);
    expect(isFresh(r, T0 + 115 * MIN, margin)).toBe(false);
    expect(isFresh(r, T0 + 121 * MIN, margin)).toBe(false);
  });

  test('a token living less than twice the margin is refreshed at half its life, not at once', () => {
    // stable_token hands back as little as 300 s; benchmarks shorten the TTL to seconds.
    const short = record(5 * MIN);
    expect(refreshThresholdMs(short, margin)).toBe(2.5 * MIN);
    expect(isFresh(short, T0, margin)).toBe(true);
    expect(isFresh(short, T0 + 2.5 * MIN - 1, margin)).toBe(true);
    expect(isFresh(short, T0 + 2.5 * MIN, margin)).toBe(false);
    expect(refreshThresholdMs(record(2_000), margin)).toBe(1_000);
  });

  test('without fetchedAt the full margin applies', () => {
    const r = record(5 * MIN, null);
    expect(refreshThresholdMs(r, margin)).toBe(margin);
    expect(isFresh(r, T0, margin)).toBe(false);
  });

  test('margin 0 keeps a token until its last millisecond', () => {
    const r = record(10_000);
    expect(isFresh(r, T0 + 9_999, 0)).toBe(true);
    expect(isFresh(r, T0 + 10_000, 0)).toBe(false);
  });
});

describe('recordTtlMs', () => {
  test('is the time to expiry in whole ms, and 0 for a token already expired', () => {
    expect(recordTtlMs(T0 + 7_200_000, T0)).toBe(7_200_000);
    expect(recordTtlMs(T0 + 1_500.7, T0)).toBe(1_500);
    expect(recordTtlMs(T0, T0)).toBe(0);
    expect(recordTtlMs(T0 - 5, T0)).toBe(0);
  });
});

describe('holdsToken', () => {
  test('compares the wrapped strings; no record or no token is never a match', () => {
    const r = record(MIN);
    expect(holdsToken(r, new AccessToken(token))).toBe(true);
    expect(holdsToken(r, new AccessToken(`${token}2`))).toBe(false);
    expect(holdsToken(null, new AccessToken(token))).toBe(false);
    expect(holdsToken(r, null)).toBe(false);
  });
});
