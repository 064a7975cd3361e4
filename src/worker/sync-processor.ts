import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { AccountBlocks, type AccountStatus } from '../accounts/index.js';
import type { Account } from '../config/index.js';
import {
  describeFailure,
  type FailureDiagnostic,
  invalidDataDiagnostic,
  type PlatformRef,
  retriesExhaustedDiagnostic,
  unknownAccountDiagnostic,
} from '../failures/index.js';
import type { AccountLease, AccountLock, LockHolder } from '../lock/index.js';
import { type Metrics, NO_METRICS, outcomeCodeOf } from '../metrics/index.js';
import { describeIssues, oversizedJobData, type SyncJobData, syncJobDataSchema } from '../queue/index.js';
import { attemptErrorText, attemptLabel, attemptStartedText } from './attempt-log.js';
import { lockBusyDelay } from './lock-busy-delay.js';
import { NO_START_READS, type StartReadPlan, type StartReads } from './start-reads.js';
import { unrecoverable } from './unrecoverable.js';

/** What one sync run gets; the runtime binds the WeChat client, token cache and store. */
export interface SyncRun {
  account: Account;
  jobId: string;
  fence: number;
  signal: AbortSignal;
  force: boolean;
  logger: Logger;
  /** The job's bindings and more, on a logger made beside `logger` (see SyncContext.loggerWith). */
  loggerWith: (bindings: Record<string, unknown>) => Logger;
  onProgress: (progress: Record<string, unknown>) => Promise<void>;
  /** What the job's start read under the lock (sync state, quota answers). */
  startReads: StartReads;
}

export interface SyncProcessorDeps {
  accounts: ReadonlyMap<string, Account>;
  lock: AccountLock;
  blocks: AccountBlocks;
  status: AccountStatus;
  runSync: (run: SyncRun) => Promise<object>;
  logger: Logger;
  /** How long a whitelist failure blocks the account (0 = never block). */
  whitelistBlockMs: number;
  lockBusy?: { minMs: number; maxMs: number };
  now?: () => number;
  /** Default NO_METRICS. */
  metrics?: Metrics;
  /**
   * Told of each whitelist refusal WeChat just gave (not of fast fails of a blocked
   * account), e.g. the alert webhook. Must not throw and is not awaited: an alert never
   * holds up a job.
   */
  onWhitelistFault?: (diagnostic: FailureDiagnostic) => void;
  /** This host's name in the job's log lines (HOST_ID). */
  hostId?: string;
  /** What a job's start reads in the lock's script; default none. */
  startReads?: StartReadPlan;
  /** The third-party platform an account's diagnostics name (null = own AppSecret). Default: none. */
  platformOf?: (account: Account) => PlatformRef | null;
}

/** BullMQ fails the job for good after this attempt: none left, or the error says never retry. */
function isLastAttempt(job: Job, err: unknown): boolean {
  if ((err as { retry?: unknown } | null)?.retry === 'never') return true;
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** The job's accountId when it has the shape of one (shown in the diagnostic), else null. */
function wellFormedAccountId(data: unknown): string | null {
  const raw = (data as { accountId?: unknown } | null)?.accountId;
  return syncJobDataSchema.shape.accountId.safeParse(raw).success ? (raw as string) : null;
}

/**
 * The BullMQ processor: validate → blocked? → lock → sync (token inside) → release.
 * A thin adapter: every decision it makes is in a pure module (describeFailure,
 * lockBusyDelay, computeBackoff) and every effect goes through an injected dependency.
 */
export function createSyncProcessor(deps: SyncProcessorDeps) {
  const now = deps.now ?? Date.now;
  const lockBusy = deps.lockBusy ?? { minMs: 1_000, maxMs: 15_000 };
  const metrics = deps.metrics ?? NO_METRICS;
  const startReads = deps.startReads ?? NO_START_READS;

  /** The one info line every job run ends with (jobId, accountId, trigger come from the child logger). */
  function reportOutcome(
    log: Logger,
    outcome: string,
    started: number,
    final: boolean,
    extra: Record<string, unknown> = {},
  ): void {
    const durationMs = now() - started;
    metrics.jobOutcome(outcome, durationMs, final);
    const message = outcome === 'completed' ? 'sync completed' : `job outcome: ${outcome}`;
    log.info({ outcome, durationMs, final, ...extra }, message);
  }

  async function failFor(
    job: Job,
    diagnostic: FailureDiagnostic,
    log: Logger,
    started: number,
    freshRefusal = false,
  ): Promise<never> {
    await job.updateProgress({ phase: 'failed', diagnostic });
    await job.log(`${attemptLabel(job)} failed for good: ${diagnostic.code}: ${diagnostic.summary}`);
    // Only a configured account has a status: a job's accountId is whatever its writer
    // chose, and would otherwise create keys or overwrite a real account's last failure.
    if (
      diagnostic.accountId &&
      deps.accounts.has(diagnostic.accountId) &&
      diagnostic.code !== 'INVALID_JOB_DATA'
    )
      await deps.status.recordFailure(diagnostic.accountId, String(job.id), diagnostic);
    if (freshRefusal && diagnostic.code === 'IP_NOT_WHITELISTED' && diagnostic.accountId) {
      metrics.whitelistFailure(diagnostic.accountId, diagnostic.ip);
      deps.onWhitelistFault?.(diagnostic);
    }
    // A configuration fault at error level, once per job, with what an operator needs to fix it.
    log.error({ diagnostic, outcome: diagnostic.code }, diagnostic.summary);
    reportOutcome(log, diagnostic.code, started, true);
    throw unrecoverable(diagnostic);
  }

  async function delayForLock(
    job: Job,
    token: string | undefined,
    holder: LockHolder | null,
    ttlMs: number,
    log: Logger,
    started: number,
  ): Promise<never> {
    const delay = lockBusyDelay(ttlMs, lockBusy);
    const who = holder
      ? `job ${holder.jobId} on ${holder.host} (pid ${holder.pid}) since ${new Date(holder.since).toISOString()}`
      : 'an unknown holder';
    await job.log(`account lock busy: held by ${who}; trying again in ${Math.round(delay / 1000)} s`);
    // Busy is normal under load: counted and logged at info, never as an error. Reported
    // before the move, so the line is written by the time anyone sees the job delayed.
    metrics.lockBusy();
    reportOutcome(log, 'LOCK_BUSY', started, false);
    await job.moveToDelayed(now() + delay, token);
    // Neither completes nor fails the job, and spends no attempt (BullMQ's DelayedError contract).
    throw new DelayedError();
  }

  /** The last attempt failed on a retryable error: the account's last failure, and the job's log, say so. */
  async function recordExhausted(job: Job, account: Account, err: unknown): Promise<void> {
    const code = outcomeCodeOf(err);
    const message = attemptErrorText(err);
    const diagnostic = retriesExhaustedDiagnostic(err, {
      accountId: account.accountId,
      appId: account.appId,
      at: now(),
      attempts: job.attemptsMade + 1,
      code,
      message,
    });
    // As for every final failure: the diagnostic in progress (Bull Board, `jobs list` reason).
    await job.updateProgress({ phase: 'failed', diagnostic });
    await job.log(`${attemptLabel(job)} failed: ${code}: ${message}; no attempts left`);
    await deps.status.recordFailure(account.accountId, String(job.id), diagnostic);
  }

  /**
   * The job under its lock. Its Redis round trips, issued together where correctness
   * allows: the deduplication key's removal goes with the first token read and pacing
   * slot (inside runSync), and the end (success status, lock release, completed log
   * line) is one round trip. Status and release share the account's slot on a Cluster
   * (sent in this order on one connection); the log line is in the queue's slot, sent
   * beside them.
   */
  async function runLocked(
    job: Job,
    data: SyncJobData,
    account: Account,
    lease: AccountLease,
    startReads: StartReads,
    { log, loggerWith }: { log: Logger; loggerWith: SyncRun['loggerWith'] },
    started: number,
  ) {
    // From here a new request for this account must make a new job, not join this running
    // one. Not awaited before the sync: a removal that fails only lets such a request join
    // this run, which is no reason to fail it.
    const dedupRemoved = job.removeDeduplicationKey().then(
      () => undefined,
      (err: unknown) =>
        log.warn({ err }, 'deduplication key not removed; a request during this run joins it'),
    );
    try {
      const summary = await deps.runSync({
        account,
        jobId: String(job.id),
        fence: lease.fence,
        signal: lease.signal,
        force: data.force,
        logger: log,
        loggerWith,
        onProgress: (progress) => job.updateProgress({ phase: 'syncing', ...progress }),
        startReads,
      });
      // Also lifts a whitelist block: a sync that got a token proves the account reaches WeChat again.
      const [lifted] = await Promise.all([
        deps.status.recordSuccess(account.accountId, String(job.id), now()),
        lease.release(),
        job.log(`${attemptLabel(job)} completed`),
        dedupRemoved,
      ]);
      if (lifted) log.info('whitelist block lifted by a successful sync');
      reportOutcome(log, 'completed', started, true, { fence: lease.fence, summary });
      return summary;
    } catch (err) {
      await dedupRemoved;
      const attempt = job.attemptsMade + 1;
      const diagnostic = describeFailure(err, {
        accountId: account.accountId,
        appId: account.appId,
        at: now(),
        blockMs: deps.whitelistBlockMs,
        attempt,
        maxAttempts: job.opts.attempts ?? 1,
        platform: deps.platformOf?.(account) ?? null,
      });
      if (!diagnostic) {
        const final = isLastAttempt(job, err);
        log.warn({ err, attempt }, 'sync attempt failed');
        reportOutcome(log, outcomeCodeOf(err), started, final);
        // A retried attempt's log line and retry plan are written by the backoff strategy (attempt-log.ts).
        if (final) await recordExhausted(job, account, err);
        throw err;
      }
      if (diagnostic.code === 'IP_NOT_WHITELISTED') {
        await deps.blocks.block(account.accountId, diagnostic, deps.whitelistBlockMs);
      }
      return failFor(job, diagnostic, log, started, true);
    } finally {
      // Idempotent: on success this is the release already sent with the status.
      const released = await lease.release();
      if (released.error)
        log.warn({ err: released.error }, 'lock release failed; the lock expires on its own');
    }
  }

  /**
   * The job's start in one round trip: its "started" log line (queue slot) beside one lock
   * script (account slot) that refuses a blocked account, takes the lock and its fence and
   * reads what the sync starts from (startReads). A lease taken while the log line failed
   * is released before the error goes on, so no lock outlives the attempt.
   */
  async function startLocked(job: Job, account: Account) {
    const id = account.accountId;
    const [acquired, logged] = await Promise.allSettled([
      deps.lock.acquireWithReads(id, String(job.id), {
        guard: deps.blocks.keyOf(id),
        ...startReads.reads(id),
      }),
      job.log(attemptStartedText(job, deps.hostId, account)),
    ]);
    if (logged.status === 'rejected') {
      if (acquired.status === 'fulfilled' && acquired.value.acquired) await acquired.value.lease.release();
      throw logged.reason;
    }
    if (acquired.status === 'rejected') throw acquired.reason;
    return acquired.value;
  }

  return async function processSyncJob(job: Job, token?: string): Promise<object> {
    const started = now();
    const oversized = oversizedJobData(job.data);
    const parsed = oversized ? null : syncJobDataSchema.safeParse(job.data);
    if (!parsed?.success) {
      const reason = oversized ?? (parsed ? describeIssues(parsed.error) : '');
      const log = deps.logger.child({ jobId: job.id });
      return failFor(job, invalidDataDiagnostic(reason, wellFormedAccountId(job.data), now()), log, started);
    }
    const data = parsed.data;
    const bindings = { jobId: job.id, accountId: data.accountId, trigger: data.trigger };
    const log = deps.logger.child(bindings);
    const account = deps.accounts.get(data.accountId);
    if (!account) {
      // Bull Board's Logs tab: where and when each attempt ran, then how it ended.
      await job.log(attemptStartedText(job, deps.hostId));
      return failFor(job, unknownAccountDiagnostic(data.accountId, now()), log, started);
    }
    const start = await startLocked(job, account);
    if ('guard' in start) {
      const block = AccountBlocks.fromStored(start.guard.value, start.guard.ttlMs);
      log.info({ blockedForMs: block.ttlMs }, 'account is blocked after a whitelist failure; failing fast');
      return failFor(job, { ...block.diagnostic, at: new Date(now()).toISOString() }, log, started);
    }
    if (!start.acquired) return delayForLock(job, token, start.holder, start.ttlMs, log, started);
    const reads = startReads.decode(start.strings, start.hashes);
    const loggerWith = (more: Record<string, unknown>) => deps.logger.child({ ...bindings, ...more });
    return runLocked(job, data, account, start.lease, reads, { log, loggerWith }, started);
  };
}
