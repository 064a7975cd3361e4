import type { Queue } from 'bullmq';
import { accountIdOfJobId } from '../queue/index.js';
import { JOB_COUNT_STATES, type JobCounts } from './diagnosis-report.js';

export function emptyCounts(): JobCounts {
  return Object.fromEntries(JOB_COUNT_STATES.map((state) => [state, 0])) as JobCounts;
}

/**
 * Jobs per account and state, from job ids alone (one range read per state, no job
 * loaded). Finished jobs are trimmed by SYNC_JOB_OPTIONS, which bounds the reads.
 */
export async function countJobsByAccount(queue: Pick<Queue, 'getRanges'>): Promise<Map<string, JobCounts>> {
  const byAccount = new Map<string, JobCounts>();
  const lists = await Promise.all(JOB_COUNT_STATES.map((state) => queue.getRanges([state], 0, -1)));
  JOB_COUNT_STATES.forEach((state, i) => {
    for (const jobId of new Set(lists[i] ?? [])) {
      const accountId = accountIdOfJobId(jobId);
      if (accountId === null) continue;
      const counts = byAccount.get(accountId) ?? emptyCounts();
      counts[state] += 1;
      byAccount.set(accountId, counts);
    }
  });
  return byAccount;
}
