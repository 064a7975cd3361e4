import type { Queue } from 'bullmq';
import type { AccountBlock, AccountBlocks, AccountStatus, AccountStatusRecord } from '../accounts/index.js';
import { accountIdOfJobId, type SyncQueue } from '../queue/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { SyncState } from '../store/sync-state.js';
import type { SyncStore } from '../store/sync-store.js';
import type { ConsoleAccount } from './console-account.js';
import { type AccountHealthFacts, readHealthFacts } from './read-health-facts.js';
import { type RowDetails, readRowDetails } from './read-row-details.js';

/** Jobs shown on an account page, newest first. */
export const RECENT_JOBS = 10;
const JOB_STATES = ['active', 'waiting', 'delayed', 'prioritized', 'failed', 'completed'] as const;

export interface RecentJob {
  id: string;
  state: string;
  /** Epoch ms the job was created. */
  timestamp: number;
  failedReason: string | null;
}

export interface AccountPageData {
  facts: AccountHealthFacts;
  status: AccountStatusRecord;
  block: AccountBlock | null;
  details: RowDetails | undefined;
  syncState: SyncState | null;
  jobs: RecentJob[];
}

export interface AccountPageDeps {
  redis: RedisClient;
  keys: RedisKeys;
  queue: SyncQueue;
  status: AccountStatus;
  blocks: AccountBlocks;
  store: SyncStore | null;
}

/**
 * The account's latest jobs: ids of every kept job by state (ids only, no job loaded),
 * those of this account picked by their id (see accountIdOfJobId), then the newest few
 * loaded. Finished jobs are trimmed by SYNC_JOB_OPTIONS, which bounds the id lists.
 */
async function recentJobs(
  queue: Pick<Queue, 'getRanges' | 'getJob'>,
  accountId: string,
): Promise<RecentJob[]> {
  const lists = await Promise.all(JOB_STATES.map((state) => queue.getRanges([state], 0, -1)));
  const ids = new Map<string, string>();
  JOB_STATES.forEach((state, i) => {
    for (const id of lists[i] ?? [])
      if (accountIdOfJobId(id) === accountId && !ids.has(id)) ids.set(id, state);
  });
  const jobs = await Promise.all([...ids.keys()].map((id) => queue.getJob(id)));
  return jobs
    .filter((job) => job !== undefined && job.id !== undefined)
    .map((job) => ({
      id: String(job?.id),
      state: ids.get(String(job?.id)) ?? 'unknown',
      timestamp: job?.timestamp ?? 0,
      failedReason: job?.failedReason ? job.failedReason.slice(0, 300) : null,
    }))
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, RECENT_JOBS);
}

/** Everything one account's page shows, read concurrently. */
export async function readAccountPage(
  deps: AccountPageDeps,
  account: ConsoleAccount,
): Promise<AccountPageData> {
  const [[facts], status, block, details, syncState, jobs] = await Promise.all([
    readHealthFacts(deps.redis, deps.keys, [account]),
    deps.status.get(account.accountId),
    deps.blocks.get(account.accountId),
    readRowDetails({ ...deps, repeatKey: deps.queue.keys.repeat ?? '' }, [account]),
    deps.store ? deps.store.getSyncState(account.accountId) : null,
    recentJobs(deps.queue, account.accountId),
  ]);
  return {
    facts: facts as AccountHealthFacts,
    status,
    block,
    details: details.get(account.accountId),
    syncState,
    jobs,
  };
}
