import { describe, expect, test } from '@jest/globals';
import { formatDiagnosis } from '../../src/cli/format-diagnosis.js';
import { type AccountDiagnosis, emptyCounts } from '../../src/diagnosis/index.js';
import { describeEgress, findSplitEgress } from '../../src/egress/index.js';
import { detectTokenFight } from '../../src/token/token-fight.js';
import { AccessToken } from '../../src/wechat/access-token.js';
import { TokenInvalidError } from '../../src/wechat/errors/index.js';

const NOW = Date.UTC(2030, 0, 1, 12);
const HOUR = 3_600_000;

describe('findSplitEgress', () => {
  test('two IPs reported within a day: split, naming accounts; one IP or stale reports: not', () => {
    const reports = [
      { accountId: 'a', ip: '1.1.1.1', at: NOW - HOUR },
      { accountId: 'b', ip: '2.2.2.2', at: NOW - 2 * HOUR },
      { accountId: 'c', ip: '1.1.1.1', at: NOW - 3 * HOUR },
      { accountId: 'd', ip: null, at: null },
    ];
    expect(findSplitEgress(reports, NOW)?.ips).toEqual([
      { ip: '1.1.1.1', accounts: ['a', 'c'] },
      { ip: '2.2.2.2', accounts: ['b'] },
    ]);
    expect(findSplitEgress(reports.slice(0, 1), NOW)).toBeNull();
    expect(
      findSplitEgress([reports[0] as never, { accountId: 'b', ip: '2.2.2.2', at: NOW - 25 * HOUR }], NOW),
    ).toBeNull();
  });

  test('the egress shown never carries the proxy credentials', () => {
    expect(describeEgress('http://ops:s3cret-pw@proxy.internal:3128/')).toEqual({
      mode: 'proxy',
      proxy: 'http://proxy.internal:3128',
    });
    expect(describeEgress(null)).toEqual({ mode: 'direct', proxy: null });
  });
});

describe('detectTokenFight', () => {
  const token = new AccessToken('86_cached-token-0123456789');
  const record = { token, expiresAt: NOW + HOUR, fetchedAt: NOW - HOUR };
  const rejection = (errcode: number) =>
    new TokenInvalidError({ errcode, errmsg: 'x', rid: 'r1', appId: 'wx1', endpoint: '/cgi-bin/user/get' });

  test('40001 on the fresh cached token is a fight; expiry, an older token or a token near its end are not', () => {
    expect(detectTokenFight(rejection(40001), record, token, NOW, 300_000)).toEqual({
      appId: 'wx1',
      at: NOW,
      remainingMs: HOUR,
      rid: 'r1',
    });
    expect(detectTokenFight(rejection(42001), record, token, NOW, 300_000)).toBeNull();
    expect(
      detectTokenFight(rejection(40001), record, new AccessToken('86_other-token-xyz'), NOW, 300_000),
    ).toBeNull();
    expect(
      detectTokenFight(rejection(40001), { ...record, expiresAt: NOW + 60_000 }, token, NOW, 300_000),
    ).toBeNull();
    expect(detectTokenFight(rejection(40001), null, token, NOW, 300_000)).toBeNull();
  });
});

describe('diagnose output', () => {
  const healthy: AccountDiagnosis = {
    accountId: 'gh_ok',
    appId: 'wx00000000000000a1',
    mode: { kind: 'own-secret' },
    healthy: true,
    token: { ok: true, source: 'cache', expiresAt: null, failure: null, error: null },
    egress: { ip: '1.1.1.1', seenAt: null, ipAtLastSuccess: null, changedSinceLastSuccess: null },
    block: { blocked: false, until: null, clearedByThisCheck: false },
    lock: null,
    lastSuccess: null,
    lastFailure: null,
    jobs: emptyCounts(),
    tokenFights: { count: 2, lastAt: '2030-01-01T11:00:00.000Z', lastRemainingMs: 3_000_000 },
    forceRefreshesToday: 1,
    remedy: ['Move that system onto this token authority.'],
  };

  test('shows the proxy, a split egress with its steps, the last IP column and a token fight', () => {
    const lines = formatDiagnosis(
      {
        healthy: true,
        checkedAt: '',
        redis: { reachable: true, latencyMs: 1, error: null },
        egress: {
          mode: 'proxy',
          proxy: 'http://proxy.internal:3128',
          split: {
            ips: [
              { ip: '1.1.1.1', accounts: ['gh_ok'] },
              { ip: '2.2.2.2', accounts: ['gh_x'] },
            ],
            remedy: ['Whitelist both.'],
          },
        },
        accounts: [healthy],
      },
      NOW,
    );
    expect(lines.slice(1, 4)).toEqual([
      "egress: through the proxy http://proxy.internal:3128 (WECHAT_PROXY_URL): whitelist the proxy's address",
      'SPLIT EGRESS: WeChat reported different IPs for this deployment: 1.1.1.1 (gh_ok), 2.2.2.2 (gh_x)',
      '  1. Whitelist both.',
    ]);
    expect(lines.some((l) => l.startsWith('ACCOUNT') && l.endsWith('LAST IP'))).toBe(true);
    expect(lines).toContain('gh_ok: TOKEN FIGHT, 2 in 24 h, last at 2030-01-01T11:00:00.000Z');
    expect(lines).toContain('    1. Move that system onto this token authority.');
  });
});
