import { describe, expect, test } from '@jest/globals';
import { type JobSnapshot, toJobView } from '../../src/api/job-view.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const diagnostic = {
  code: 'BAD_CREDENTIALS',
  summary: 'WeChat rejected the appSecret of account a.',
  remedy: ['Reset the secret.'],
} as FailureDiagnostic;

function job(overrides: Partial<JobSnapshot> = {}): JobSnapshot {
  return {
    id: 'a-1',
    data: { accountId: 'a', force: false, trigger: 'schedule' },
    opts: { attempts: 5 },
    attemptsMade: 2,
    progress: 0,
    returnvalue: null,
    failedReason: undefined,
    timestamp: NOW - 60_000,
    ...overrides,
  };
}

describe('toJobView', () => {
  test('maps data, attempts and times; nothing processed yet is null', () => {
    expect(toJobView(job(), 'waiting', null, NOW)).toEqual({
      jobId: 'a-1',
      accountId: 'a',
      trigger: 'schedule',
      force: false,
      state: 'waiting',
      attemptsMade: 2,
      attempts: 5,
      progress: 0,
      result: null,
      failedReason: null,
      diagnostic: null,
      timestamps: { created: '2026-03-01T11:59:00.000Z', processed: null, finished: null },
    });
  });

  test('the result is shown only once the job completed', () => {
    const done = job({ returnvalue: { pages: 3 }, processedOn: NOW - 5_000, finishedOn: NOW - 1_000 });
    expect(toJobView(done, 'completed', null, NOW).result).toEqual({ pages: 3 });
    expect(toJobView(done, 'active', null, NOW).result).toBeNull();
    expect(toJobView(done, 'completed', null, NOW).timestamps).toEqual({
      created: '2026-03-01T11:59:00.000Z',
      processed: '2026-03-01T11:59:55.000Z',
      finished: '2026-03-01T11:59:59.000Z',
    });
  });

  test('the diagnostic comes from progress.diagnostic; other progress shapes give none', () => {
    const failed = job({ progress: { phase: 'failed', diagnostic }, failedReason: diagnostic.summary });
    const view = toJobView(failed, 'failed', null, NOW);
    expect(view.diagnostic).toEqual(diagnostic);
    expect(view.failedReason).toBe(diagnostic.summary);
    expect(view.progress).toEqual({ phase: 'failed', diagnostic });
    for (const progress of [
      42,
      { phase: 'syncing', pages: 2 },
      { diagnostic: 'text' },
      { diagnostic: { nope: 1 } },
    ]) {
      expect(toJobView(job({ progress }), 'active', null, NOW).diagnostic).toBeNull();
    }
  });

  test('a block adds until (now + ttl), code and summary', () => {
    const view = toJobView(job(), 'failed', { diagnostic, ttlMs: 90_000 }, NOW);
    expect(view.blocked).toEqual({
      until: '2026-03-01T12:01:30.000Z',
      code: 'BAD_CREDENTIALS',
      summary: diagnostic.summary,
    });
  });

  test('invalid job data gives nulls, not a crash; missing attempts means one', () => {
    const view = toJobView(job({ data: { accountId: 'a:b', extra: 1 }, opts: {} }), 'waiting', null, NOW);
    expect(view).toMatchObject({ accountId: null, trigger: null, force: null, attempts: 1 });
  });
});
