import { enqueueSync } from '../../queue/enqueue-sync.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatBlockedWarning, formatEnqueued, formatWaiting } from '../format-enqueue.js';
import { formatCompleted, formatFailed, formatTimedOut, formatVanished } from '../format-outcome.js';
import { waitForJob } from '../wait-for-job.js';
import { watchAttempts } from '../watch-attempts.js';
import { type CommandContext, isKnownAccount } from './command-context.js';

export interface SyncCommandOptions {
  account: string;
  force: boolean;
  wait: boolean;
  /** Seconds --wait waits. */
  timeout: number;
}

/** `sync --account X [--force] [--wait] [--timeout 120]`: the result on stdout, status lines on stderr. */
export async function syncCommand(ctx: CommandContext, opts: SyncCommandOptions): Promise<ExitCode> {
  if (!isKnownAccount(ctx, opts.account)) return EXIT.usage;
  const { queue, blocks } = ctx.session;
  const enqueued = await enqueueSync(queue, { accountId: opts.account, force: opts.force, trigger: 'cli' });
  ctx.out(formatEnqueued(opts.account, enqueued));
  const block = await blocks.get(opts.account);
  if (block)
    ctx.err(formatBlockedWarning(opts.account, { summary: block.diagnostic.summary, ttlMs: block.ttlMs }));
  if (!opts.wait) return EXIT.ok;

  ctx.err(formatWaiting(enqueued.jobId, opts.timeout));
  const events = await ctx.session.queueEvents();
  // Attempts, failures and retry times as they happen, so a long wait is never silent.
  const stopWatching = watchAttempts(events, queue, enqueued.jobId, {
    status: ctx.err,
    progress: ctx.progress,
    now: ctx.now,
  });
  const outcome = await waitForJob(queue, events, enqueued.jobId, opts.timeout * 1000).finally(stopWatching);
  switch (outcome.kind) {
    case 'completed':
      ctx.out(formatCompleted(enqueued.jobId, outcome.returnvalue));
      return EXIT.ok;
    case 'failed':
      ctx.out(formatFailed({ jobId: enqueued.jobId, ...outcome }, ctx.lang));
      return EXIT.failed;
    case 'timedOut':
      ctx.err(formatTimedOut(enqueued.jobId, opts.timeout, outcome.state));
      return EXIT.timedOut;
    case 'vanished':
      ctx.err(formatVanished(enqueued.jobId));
      return EXIT.failed;
  }
}
