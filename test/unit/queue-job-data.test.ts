import { describe, expect, test } from '@jest/globals';
import { describeIssues, syncJobDataSchema } from '../../src/queue/job-data.js';
import { accountIdOfScheduler, newSyncJobId, schedulerId } from '../../src/queue/job-ids.js';

describe('sync job data', () => {
  test('defaults force to false', () => {
    expect(syncJobDataSchema.parse({ accountId: 'gh_abc', trigger: 'api' })).toEqual({
      accountId: 'gh_abc',
      force: false,
      trigger: 'api',
    });
  });

  test.each([
    [{ trigger: 'api' }, 'accountId'],
    [{ accountId: 'a:b', trigger: 'api' }, 'accountId: must be 1-64 letters'],
    [{ accountId: 'a', trigger: 'cron' }, 'trigger'],
    [{ accountId: 'a', trigger: 'api', force: 'yes' }, 'force'],
    [{ accountId: 'a', trigger: 'api', extra: 1 }, 'extra'],
    ['garbage', '(data)'],
  ])('rejects %j naming %s', (input, expected) => {
    const result = syncJobDataSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toContain(expected);
  });
});

describe('job ids', () => {
  test('never contain a colon and name the account', () => {
    const id = newSyncJobId('gh_e4b07b2a992e6669');
    expect(id).not.toContain(':');
    expect(id.startsWith('gh_e4b07b2a992e6669-')).toBe(true);
    expect(newSyncJobId('a')).not.toBe(newSyncJobId('a'));
  });

  test('scheduler ids round-trip', () => {
    expect(accountIdOfScheduler(schedulerId('gh_1'))).toBe('gh_1');
    expect(accountIdOfScheduler('someone-else')).toBeNull();
  });
});
