import type { Queue } from 'bullmq';
import type { AccountLock } from '../lock/index.js';

export interface LockEntry {
  accountId: string;
  /** The lock's owner token (what compare-and-delete compares). */
  owner: string;
  jobId: string;
  host: string;
  pid: number;
  fence: number;
  since: string;
  ageMs: number;
  /** Remaining life of the lock (-1: no expiry, a hand-made key). */
  ttlMs: number;
  /** BullMQ's state of the holding job; `unknown` when the job no longer exists. */
  jobState: string;
  /** Only a lock whose job is active may be in use; every other one is an orphan. */
  jobActive: boolean;
}

export interface CleanupReport {
  /** Orphans this cleanup deleted. */
  released: LockEntry[];
  /** Locks of active jobs, left alone. */
  kept: LockEntry[];
  /** Orphans that were released or re-taken by another owner before the delete (nothing done). */
  skipped: LockEntry[];
}

export interface LockReportDeps {
  lock: Pick<AccountLock, 'listHolders' | 'forceRelease'>;
  queue: Pick<Queue, 'getJobState'>;
  now?: () => number;
}

/** Every account lock under the prefix, with its holder and whether its job still runs. */
export async function listLocks(deps: LockReportDeps): Promise<LockEntry[]> {
  const now = (deps.now ?? Date.now)();
  const holders = await deps.lock.listHolders();
  const entries = await Promise.all(
    holders.map(async ({ accountId, holder, ttlMs }): Promise<LockEntry> => {
      const jobState = await deps.queue.getJobState(holder.jobId);
      return {
        accountId,
        owner: holder.owner,
        jobId: holder.jobId,
        host: holder.host,
        pid: holder.pid,
        fence: holder.fence,
        since: new Date(holder.since).toISOString(),
        ageMs: Math.max(0, now - holder.since),
        ttlMs,
        jobState,
        jobActive: jobState === 'active',
      };
    }),
  );
  return entries.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/**
 * Releases the locks whose job is no longer active (the legacy cleanup_expired_locks.php).
 * Compare-and-delete by owner: a lock re-taken by a new job between the listing and the
 * delete has another owner and stays. Locks expire on their own anyway; this is for the
 * rare orphan an operator does not want to wait out.
 */
export async function cleanupLocks(deps: LockReportDeps): Promise<CleanupReport> {
  const report: CleanupReport = { released: [], kept: [], skipped: [] };
  for (const entry of await listLocks(deps)) {
    if (entry.jobActive) report.kept.push(entry);
    else if (await deps.lock.forceRelease(entry.accountId, entry.owner)) report.released.push(entry);
    else report.skipped.push(entry);
  }
  return report;
}
