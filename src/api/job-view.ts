import type { AccountBlock } from '../accounts/index.js';
import type { FailureCode, FailureDiagnostic } from '../failures/index.js';
import { syncJobDataSchema, type Trigger } from '../queue/index.js';

/** What the job-status route answers. Times are ISO strings; null = not happened (yet). */
export interface JobView {
  jobId: string;
  accountId: string | null;
  trigger: Trigger | null;
  force: boolean | null;
  state: string;
  attemptsMade: number;
  attempts: number;
  progress: unknown;
  /** The job's return value (the sync summary), only once completed. */
  result: unknown;
  failedReason: string | null;
  /** Set by the worker in `progress.diagnostic` when a job fails for a reason retrying cannot fix. */
  diagnostic: FailureDiagnostic | null;
  timestamps: { created: string | null; processed: string | null; finished: string | null };
  /** Present while the account is blocked after a whitelist failure: its jobs fail fast until then. */
  blocked?: { until: string; code: FailureCode; summary: string };
}

/** The fields of a BullMQ job the view reads (a Job satisfies it). */
export interface JobSnapshot {
  id?: string | undefined;
  data: unknown;
  opts: { attempts?: number | undefined };
  attemptsMade: number;
  progress: unknown;
  returnvalue: unknown;
  failedReason: string | undefined;
  timestamp: number;
  processedOn?: number | undefined;
  finishedOn?: number | undefined;
}

function isoOrNull(ms: number | undefined): string | null {
  return typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : null;
}

function diagnosticOf(progress: unknown): FailureDiagnostic | null {
  if (typeof progress !== 'object' || progress === null || !('diagnostic' in progress)) return null;
  const { diagnostic } = progress as { diagnostic: unknown };
  const looksRight =
    typeof diagnostic === 'object' &&
    diagnostic !== null &&
    typeof (diagnostic as { code?: unknown }).code === 'string';
  return looksRight ? (diagnostic as FailureDiagnostic) : null;
}

/**
 * Pure mapping of a job, its state and its account's block to the API view. Job data is
 * re-validated: anything can write a job into Redis, and a malformed one still gets a view.
 */
export function toJobView(job: JobSnapshot, state: string, block: AccountBlock | null, now: number): JobView {
  const data = syncJobDataSchema.safeParse(job.data);
  const view: JobView = {
    jobId: String(job.id),
    accountId: data.success ? data.data.accountId : null,
    trigger: data.success ? data.data.trigger : null,
    force: data.success ? data.data.force : null,
    state,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    progress: job.progress ?? null,
    result: state === 'completed' ? (job.returnvalue ?? null) : null,
    failedReason: job.failedReason || null,
    diagnostic: diagnosticOf(job.progress),
    timestamps: {
      created: isoOrNull(job.timestamp),
      processed: isoOrNull(job.processedOn),
      finished: isoOrNull(job.finishedOn),
    },
  };
  if (block) {
    view.blocked = {
      until: new Date(now + block.ttlMs).toISOString(),
      code: block.diagnostic.code,
      summary: block.diagnostic.summary,
    };
  }
  return view;
}
