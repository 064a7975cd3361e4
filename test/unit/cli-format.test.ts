import { describe, expect, test } from '@jest/globals';
import { formatDuration } from '../../src/cli/format-duration.js';
import { formatBlockedWarning, formatEnqueued, formatUnknownAccount } from '../../src/cli/format-enqueue.js';
import { formatCompleted, formatFailed, formatTimedOut } from '../../src/cli/format-outcome.js';
import { formatSchedulesJson, formatSchedulesTable, toScheduleRows } from '../../src/cli/format-schedules.js';
import { formatUnblock } from '../../src/cli/format-unblock.js';
import { describeCliError } from '../../src/cli/run-cli.js';
import { describeFailure } from '../../src/failures/index.js';
import { IpNotWhitelistedError } from '../../src/wechat/errors/index.js';

const RID = '6745f1a2-3b9c0d1e-7f20a4b8';
const whitelistDiagnostic = describeFailure(
  new IpNotWhitelistedError({
    errcode: 40164,
    errmsg: `invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: ${RID}`,
    rid: RID,
    appId: 'wx00000000000000a1',
    endpoint: '/cgi-bin/stable_token',
    ip: '1.92.157.200',
    ipv6: '::ffff:1.92.157.200',
  }),
  { accountId: 'acc_a', appId: 'wx00000000000000a1', at: Date.UTC(2026, 10, 25, 15, 0), blockMs: 900_000 },
);

describe('formatDuration', () => {
  test('exact and compact, unlike ms() which rounds 90 minutes to 2h', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(900_000)).toBe('15m');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000 + 1_000)).toBe('1d1s');
    expect(formatDuration(432_123)).toBe('7m12.123s');
    expect(formatDuration(1_500)).toBe('1.5s');
  });
});

describe('sync: enqueue messages', () => {
  test('unknown account names the known ones', () => {
    expect(formatUnknownAccount('nope', ['a', 'b'])).toBe('unknown account nope; known: a, b');
    expect(formatUnknownAccount('nope', [])).toBe('unknown account nope; the accounts file lists none');
  });

  test('a long accounts list is cut after 20 and counted', () => {
    const known = Array.from({ length: 25 }, (_, i) => `acc_${i}`);
    const text = formatUnknownAccount('nope', known);
    expect(text).toContain('acc_19, … (25 in all)');
    expect(text).not.toContain('acc_20');
  });

  test('the job id, and "deduplicated: already waiting" only when it was', () => {
    expect(formatEnqueued('acc_a', { jobId: 'acc_a-1-ff', deduplicated: false })).toBe(
      'enqueued a sync of account acc_a: job acc_a-1-ff',
    );
    const dedup = formatEnqueued('acc_a', { jobId: 'acc_a-1-ff', deduplicated: true }).split('\n');
    expect(dedup[0]).toBe('a sync of account acc_a is already waiting: job acc_a-1-ff');
    expect(dedup[1]).toMatch(/^deduplicated: already waiting/);
  });

  test('a blocked account is announced with the way out', () => {
    const text = formatBlockedWarning('acc_a', { summary: 'WeChat refused it.', ttlMs: 600_000 });
    expect(text).toContain('blocked for another 10m after: WeChat refused it.');
    expect(text).toContain('npm run cli -- unblock --account acc_a');
  });
});

describe('sync --wait: outcomes', () => {
  test('a completed sync: per kind pages, added, updated, unchanged', () => {
    const summary = {
      accountId: 'acc_a',
      durationMs: 1_234,
      kinds: { articles: { pages: 3, fetched: 45, added: 40, updated: 3, unchanged: 2, wechatCalls: 3 } },
    };
    expect(formatCompleted('j1', summary)).toBe(
      ['job j1 completed in 1.234s', '  articles: 3 pages, 40 added, 3 updated, 2 unchanged'].join('\n'),
    );
  });

  test('a sync that ran no kind says so instead of printing nothing', () => {
    const text = formatCompleted('j1', { accountId: 'a', durationMs: 5, kinds: {} });
    expect(text).toContain('nothing synced');
  });

  test('a result of another shape is shown raw, not dropped', () => {
    expect(formatCompleted('j1', { ok: true })).toBe('job j1 completed; result: {"ok":true}');
  });

  test('a whitelist failure: the sentence, the IP/rid/errcode lines and the numbered remedy', () => {
    expect(whitelistDiagnostic).not.toBeNull();
    const text = formatFailed({
      jobId: 'j2',
      failedReason: whitelistDiagnostic!.summary,
      attemptsMade: 1,
      progress: { phase: 'failed', diagnostic: whitelistDiagnostic },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`job j2 failed (IP_NOT_WHITELISTED): ${whitelistDiagnostic!.summary}`);
    expect(lines).toContain('  IP: 1.92.157.200');
    expect(lines).toContain('  IPv6: ::ffff:1.92.157.200');
    expect(lines).toContain('  errcode: 40164');
    expect(lines).toContain(`  rid: ${RID}`);
    expect(lines).toContain('  blocked until: 2026-11-25T15:15:00.000Z');
    const steps = lines.slice(lines.indexOf('how to fix it:') + 1);
    expect(steps).toEqual(whitelistDiagnostic!.remedy.map((step, i) => `  ${i + 1}. ${step}`));
  });

  test('no diagnostic (retries used up): the failedReason and the attempts', () => {
    const text = formatFailed({
      jobId: 'j3',
      failedReason: 'WeChat busy (-1)',
      attemptsMade: 5,
      progress: 40,
    });
    expect(text).toBe('job j3 failed after 5 attempts: WeChat busy (-1)');
  });

  test('a malformed diagnostic falls back to the failedReason', () => {
    const progress = { diagnostic: { code: 'X', summary: 42 } };
    const text = formatFailed({ jobId: 'j4', failedReason: 'boom', attemptsMade: 1, progress });
    expect(text).toBe('job j4 failed after 1 attempt: boom');
  });

  test('timing out says that the job keeps running', () => {
    expect(formatTimedOut('j5', 120, 'active')).toMatch(
      /^gave up waiting after 120 s: job j5 is still active\.\nThe job keeps running/,
    );
  });
});

describe('schedules', () => {
  const now = Date.UTC(2026, 10, 25, 15, 0, 0);
  const schedulers = [
    { key: 'schedule-zeta', every: 900_000, offset: 296_880, next: now + 296_880 },
    { key: 'nightly-report', pattern: '0 3 * * *', offset: 0, next: now + 12 * 3_600_000 },
    { key: 'schedule-alpha', pattern: '*/15 * * * *', tz: 'UTC', offset: 0, next: now - 4_000 },
  ];

  test('a compact table sorted by account, foreign schedulers last, times in UTC', () => {
    expect(formatSchedulesTable(toScheduleRows(schedulers), now)).toBe(
      [
        'ACCOUNT                    SCHEDULE                 OFFSET     NEXT RUN (UTC)       WHEN',
        'alpha                      cron */15 * * * * (UTC)  -          2026-11-25 14:59:56  due 4s ago',
        'zeta                       every 15m                +4m56.88s  2026-11-25 15:04:56  in 4m57s',
        '(not ours) nightly-report  cron 0 3 * * *           -          2026-11-26 03:00:00  in 12h',
      ].join('\n'),
    );
  });

  test('JSON has one object per scheduler with ISO times', () => {
    const parsed = JSON.parse(formatSchedulesJson(toScheduleRows(schedulers)));
    expect(parsed).toEqual([
      {
        schedulerId: 'schedule-alpha',
        accountId: 'alpha',
        every: null,
        offset: null,
        pattern: '*/15 * * * *',
        tz: 'UTC',
        next: '2026-11-25T14:59:56.000Z',
      },
      {
        schedulerId: 'schedule-zeta',
        accountId: 'zeta',
        every: 900_000,
        offset: 296_880,
        pattern: null,
        tz: null,
        next: '2026-11-25T15:04:56.880Z',
      },
      {
        schedulerId: 'nightly-report',
        accountId: null,
        every: null,
        offset: null,
        pattern: '0 3 * * *',
        tz: null,
        next: '2026-11-26T03:00:00.000Z',
      },
    ]);
  });

  test('no schedulers is said in words', () => {
    expect(formatSchedulesTable([], now)).toMatch(/^no schedules/);
  });
});

describe('unblock', () => {
  test('was blocked: what the block said and that it is cleared', () => {
    const text = formatUnblock({
      accountId: 'acc_a',
      wasBlocked: true,
      block: { summary: 'WeChat refused it.', ttlMs: 300_000 },
    });
    expect(text.split('\n')).toEqual([
      'account acc_a was blocked; block cleared',
      '  it was blocked after: WeChat refused it.',
      '  it would have lifted by itself in 5m',
      'its next sync calls WeChat again: npm run cli -- sync --account acc_a --wait',
    ]);
  });

  test('was not blocked', () => {
    expect(formatUnblock({ accountId: 'acc_a', wasBlocked: false, block: null })).toBe(
      'account acc_a was not blocked; nothing to clear',
    );
  });
});

describe('describeCliError', () => {
  test('network errors are named as Redis being unreachable, with their own exit code 4', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeCliError(refused)).toEqual({
      line: 'error: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:1)',
      code: 4,
    });
    expect(describeCliError(new Error('something else'))).toEqual({ line: 'error: something else', code: 1 });
  });
});
