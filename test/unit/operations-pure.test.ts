import { describe, expect, test } from '@jest/globals';
import type { AccountStatusRecord } from '../../src/accounts/index.js';
import { formatDiagnosis } from '../../src/cli/format-diagnosis.js';
import { formatCleanup, formatLocks } from '../../src/cli/format-locks.js';
import {
  type AccountDiagnosis,
  egressOf,
  emptyCounts,
  type LockEntry,
  type TokenCheck,
} from '../../src/diagnosis/index.js';
import { outcomeCodeOf, scheduleIntervalMs } from '../../src/metrics/index.js';
import { accountIdOfJobId, newSyncJobId } from '../../src/queue/index.js';
import { IpNotWhitelistedError } from '../../src/wechat/errors/index.js';

const status = (over: Partial<AccountStatusRecord> = {}): AccountStatusRecord => ({
  lastSuccessAt: null,
  lastSuccessJobId: null,
  lastFailureAt: null,
  lastFailureJobId: null,
  lastFailure: null,
  lastSeenIp: null,
  lastSeenIpAt: null,
  ipAtLastSuccess: null,
  ...over,
});
const tokenOk: TokenCheck = { ok: true, source: 'cache', expiresAt: null, failure: null, error: null };

describe('outcomeCodeOf', () => {
  test('turns error class names into reason codes', () => {
    class LockLostError extends Error {
      override readonly name = 'LockLostError';
    }
    expect(outcomeCodeOf(new LockLostError())).toBe('LOCK_LOST');
    const ip = new IpNotWhitelistedError({
      errcode: 40164,
      errmsg: 'invalid ip 1.2.3.4, not in whitelist',
      rid: null,
      appId: 'wx1',
      endpoint: '/cgi-bin/token',
      ip: '1.2.3.4',
      ipv6: null,
    } as ConstructorParameters<typeof IpNotWhitelistedError>[0]);
    expect(outcomeCodeOf(ip)).toBe('IP_NOT_WHITELISTED');
    expect(outcomeCodeOf(new TypeError('x'))).toBe('TYPE');
    expect(outcomeCodeOf(new Error('x'))).toBe('ERROR');
    expect(outcomeCodeOf('a string')).toBe('ERROR');
  });
});

describe('accountIdOfJobId', () => {
  test('reads the account from API/CLI and scheduler job ids, even with dashes in the account id', () => {
    expect(accountIdOfJobId(newSyncJobId('gh_a-b-c'))).toBe('gh_a-b-c');
    expect(accountIdOfJobId('repeat:schedule-gh_e4b07b2a992e6669:1795620000000')).toBe('gh_e4b07b2a992e6669');
    expect(accountIdOfJobId('some-other-id')).toBeNull();
    expect(accountIdOfJobId('42')).toBeNull();
  });
});

describe('egressOf', () => {
  test('a refusal after a success naming another IP is a change; the same IP is not', () => {
    const base = status({ lastSuccessAt: 1_000, ipAtLastSuccess: '1.1.1.1', lastSeenIpAt: 2_000 });
    expect(egressOf(tokenOk, { ...base, lastSeenIp: '2.2.2.2' }).changedSinceLastSuccess).toBe(true);
    expect(egressOf(tokenOk, { ...base, lastSeenIp: '1.1.1.1' }).changedSinceLastSuccess).toBe(false);
  });

  test('unknown when there was no earlier refusal, or the refusal came before the success', () => {
    expect(
      egressOf(tokenOk, status({ lastSeenIp: '2.2.2.2', lastSeenIpAt: 5 })).changedSinceLastSuccess,
    ).toBeNull();
    const before = status({
      lastSuccessAt: 9,
      ipAtLastSuccess: '1.1.1.1',
      lastSeenIp: '2.2.2.2',
      lastSeenIpAt: 5,
    });
    expect(egressOf(tokenOk, before).changedSinceLastSuccess).toBeNull();
  });
});

describe('scheduleIntervalMs', () => {
  test('every: the interval; cron: the longest gap; none: null', () => {
    expect(scheduleIntervalMs({ kind: 'every', everyMs: 900_000 }, 0)).toBe(900_000);
    expect(scheduleIntervalMs({ kind: 'cron', pattern: '*/15 * * * *' }, Date.UTC(2030, 0, 1))).toBe(900_000);
    // 09:00 and 17:00 UTC: gaps of 8 h and 16 h.
    expect(scheduleIntervalMs({ kind: 'cron', pattern: '0 9,17 * * *' }, Date.UTC(2030, 0, 1))).toBe(
      16 * 3_600_000,
    );
    expect(scheduleIntervalMs(null, 0)).toBeNull();
  });
});

describe('CLI formatting', () => {
  const now = Date.UTC(2030, 0, 1, 12, 0, 0);
  const failing: AccountDiagnosis = {
    accountId: 'gh_bad',
    appId: 'wxbad',
    mode: { kind: 'platform', platformId: 'agency' },
    healthy: false,
    token: {
      ok: false,
      source: 'wechat',
      expiresAt: null,
      error: 'WeChat refused account gh_bad',
      failure: {
        code: 'IP_NOT_WHITELISTED',
        errcode: 40164,
        errmsg: 'invalid ip',
        rid: 'r-1',
        ip: '9.9.9.9',
      } as never,
    },
    egress: { ip: '9.9.9.9', seenAt: null, ipAtLastSuccess: '8.8.8.8', changedSinceLastSuccess: true },
    block: { blocked: true, until: '2030-01-01T12:15:00.000Z', clearedByThisCheck: false },
    lock: null,
    lastSuccess: { at: '2030-01-01T11:00:00.000Z', jobId: 'j1' },
    lastFailure: null,
    jobs: { ...emptyCounts(), failed: 2, waiting: 1 },
    tokenFights: { count: 0, lastAt: null, lastRemainingMs: null },
    forceRefreshesToday: 0,
    remedy: ['Add the IP 9.9.9.9.', 'Wait.'],
  };

  test('diagnose: a table row per account, then the fault spelled out with numbered steps', () => {
    const lines = formatDiagnosis(
      {
        healthy: false,
        checkedAt: '',
        redis: { reachable: true, latencyMs: 0.4, error: null },
        egress: { mode: 'direct', proxy: null, split: null },
        accounts: [failing],
      },
      now,
    );
    expect(lines[0]).toBe('redis: ok (0.4 ms)');
    expect(lines).toContain(
      'gh_bad   platform agency  FAIL IP_NOT_WHITELISTED  until 12:15:00Z  -     1h ago        -             1/0/0/2       9.9.9.9',
    );
    expect(lines).toContain('  egress IP WeChat saw: 9.9.9.9 (changed: 8.8.8.8 worked before)');
    expect(lines).toContain('  rid: r-1');
    expect(lines.slice(-4)).toEqual([
      '    1. Add the IP 9.9.9.9.',
      '    2. Wait.',
      '',
      'unhealthy: 1 of 1 account(s) cannot get a token',
    ]);
  });

  test('diagnose with Redis down says only that', () => {
    const lines = formatDiagnosis(
      {
        healthy: false,
        checkedAt: '',
        redis: { reachable: false, latencyMs: null, error: 'ECONNREFUSED' },
        egress: { mode: 'direct', proxy: null, split: null },
        accounts: [],
      },
      now,
    );
    expect(lines).toEqual([
      'redis: UNREACHABLE (ECONNREFUSED)',
      'unhealthy: Redis does not answer; nothing else could be checked',
    ]);
  });

  test('locks list and cleanup report', () => {
    const entry: LockEntry = {
      accountId: 'gh_a',
      owner: 'o',
      jobId: 'gh_a-x-abcdef',
      host: 'h1',
      pid: 7,
      fence: 3,
      since: '',
      ageMs: 90_000,
      ttlMs: 20_000,
      jobState: 'completed',
      jobActive: false,
    };
    expect(formatLocks([])).toEqual(['no account locks held']);
    expect(formatLocks([entry])[1]).toBe(
      'gh_a     gh_a-x-abcdef  completed (orphan)  h1    7    1m30s  20s       o',
    );
    expect(formatCleanup({ released: [entry], kept: [], skipped: [] })).toEqual([
      'released gh_a: job gh_a-x-abcdef is completed, not active',
      '1 released, 0 kept (active), 0 skipped',
    ]);
  });
});
