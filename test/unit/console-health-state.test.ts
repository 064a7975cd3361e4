import { describe, expect, test } from '@jest/globals';
import { type HealthFacts, healthState } from '../../src/console/health-state.js';
import { PAGE_SIZE, selectAccounts } from '../../src/console/list-view-model.js';
import type { AccountHealthFacts } from '../../src/console/read-health-facts.js';

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;
const base: HealthFacts = {
  lastSuccessAt: NOW - HOUR,
  lastFailureAt: null,
  lastFailureCode: null,
  blockedMs: null,
  locked: false,
  intervalMs: HOUR,
};

describe('healthState', () => {
  test.each<[string, Partial<HealthFacts>, string]>([
    ['a recent success', {}, 'healthy'],
    ['a block key, whatever else', { blockedMs: 60_000, lastSuccessAt: NOW }, 'blocked'],
    [
      'a whitelist failure after the last success, block lifted',
      { lastFailureAt: NOW - 1, lastFailureCode: 'IP_NOT_WHITELISTED' },
      'blocked',
    ],
    ['an admin confirmation pending', { lastFailureAt: NOW, lastFailureCode: 'IP_CONFIRMATION' }, 'blocked'],
    ['a bad secret', { lastFailureAt: NOW, lastFailureCode: 'BAD_CREDENTIALS' }, 'unauthorised'],
    ['a permission refusal', { lastFailureAt: NOW, lastFailureCode: 'PERMISSION' }, 'unauthorised'],
    [
      'another failure, or a code added later',
      { lastFailureAt: NOW, lastFailureCode: 'SOMETHING_NEW' },
      'failing',
    ],
    [
      'a failure before the last success',
      { lastFailureAt: NOW - 2 * HOUR, lastFailureCode: 'PERMISSION' },
      'healthy',
    ],
    ['a held lock', { locked: true }, 'syncing'],
    ['no success and no failure', { lastSuccessAt: null }, 'never'],
    ['a success older than two intervals', { lastSuccessAt: NOW - 2 * HOUR - 1 }, 'stale'],
    [
      'an old success of an unscheduled account',
      { lastSuccessAt: NOW - 100 * HOUR, intervalMs: null },
      'healthy',
    ],
  ])('%s', (_what, facts, expected) => {
    expect(healthState({ ...base, ...facts }, NOW)).toBe(expected);
  });
});

function account(i: number, facts: Partial<HealthFacts> = {}): AccountHealthFacts {
  return {
    ...base,
    ...facts,
    accountId: `acc_${String(i).padStart(5, '0')}`,
    name: i % 2 === 0 ? `Shop ${i}` : null,
    appId: 'wx0123456789abcdef',
    lastSeenIp: null,
    holder: null,
  };
}

describe('selectAccounts', () => {
  const accounts = [
    account(1),
    account(2, { lastSuccessAt: null }),
    account(3, { blockedMs: 1000, lastFailureAt: NOW - 10 }),
    account(4, { lastFailureAt: NOW, lastFailureCode: 'BAD_CREDENTIALS' }),
    account(5, { blockedMs: 1000, lastFailureAt: NOW }),
  ];

  test('sorts worst first, the latest failure first within a state, and counts every state', () => {
    const selection = selectAccounts(accounts, { state: 'all', q: '', page: 1 }, NOW);
    expect(selection.rows.map((r) => [r.accountId, r.state])).toEqual([
      ['acc_00005', 'blocked'],
      ['acc_00003', 'blocked'],
      ['acc_00004', 'unauthorised'],
      ['acc_00002', 'never'],
      ['acc_00001', 'healthy'],
    ]);
    expect(selection.counts).toMatchObject({ blocked: 2, unauthorised: 1, never: 1, healthy: 1, failing: 0 });
  });

  test('filters by state and searches id and name, case-insensitively', () => {
    expect(selectAccounts(accounts, { state: 'blocked', q: '', page: 1 }, NOW).matched).toBe(2);
    const byName = selectAccounts(accounts, { state: 'all', q: 'shop 4', page: 1 }, NOW);
    expect(byName.rows.map((r) => r.accountId)).toEqual(['acc_00004']);
    expect(selectAccounts(accounts, { state: 'all', q: 'acc_0000', page: 1 }, NOW).matched).toBe(5);
  });

  test('cuts pages of PAGE_SIZE and clamps a page past the end to the last one', () => {
    const many = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) => account(i));
    const last = selectAccounts(many, { state: 'all', q: '', page: 99 }, NOW);
    expect([last.page, last.pages, last.rows.length, last.total]).toEqual([3, 3, 3, PAGE_SIZE * 2 + 3]);
  });
});
