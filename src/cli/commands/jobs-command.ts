import { EXIT, type ExitCode } from '../exit-codes.js';
import { type FailedJobFilter, findFailedJobs } from '../failed-jobs.js';
import { formatFailedJobs } from '../format-jobs.js';
import type { CommandContext } from './command-context.js';

export type JobsAction = 'list' | 'retry' | 'clean';

export interface JobsCommandOptions extends FailedJobFilter {
  json: boolean;
  /** retry/clean of every failed job, when neither --account nor --reason narrows it. */
  all: boolean;
}

/**
 * `jobs list|retry|clean [--account X] [--reason CODE] [--all]`: the failed jobs. Retry and
 * clean need a filter or --all, so a typo cannot empty the failed set by accident.
 */
export async function jobsCommand(
  ctx: CommandContext,
  action: JobsAction,
  opts: JobsCommandOptions,
): Promise<ExitCode> {
  const filter: FailedJobFilter = {
    ...(opts.account === undefined ? {} : { account: opts.account }),
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
  };
  const narrowed = opts.account !== undefined || opts.reason !== undefined;
  if (action !== 'list' && !narrowed && !opts.all) {
    ctx.err(`error: jobs ${action} needs --account, --reason or --all`);
    return EXIT.usage;
  }
  const found = await findFailedJobs(ctx.session.queue, filter);
  if (action === 'list') {
    if (opts.json) ctx.out(JSON.stringify({ failed: found.map((f) => f.view) }, null, 2));
    else for (const line of formatFailedJobs(found.map((f) => f.view))) ctx.out(line);
    return EXIT.ok;
  }
  let done = 0;
  for (const { job } of found) {
    // One by one: a job retried or removed meanwhile (by the board, another operator) is skipped, not fatal.
    try {
      if (action === 'retry') await job.retry('failed');
      else await job.remove();
      done += 1;
    } catch {
      // no longer failed
    }
  }
  const verb = action === 'retry' ? 'retried' : 'removed';
  ctx.out(`${verb} ${done} of ${found.length} failed ${found.length === 1 ? 'job' : 'jobs'}`);
  return EXIT.ok;
}
