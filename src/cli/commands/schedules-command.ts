import { scheduleQuotaWarnings } from '../../schedule/quota-check.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatSchedulesJson, formatSchedulesTable, toScheduleRows } from '../format-schedules.js';
import type { CommandContext } from './command-context.js';

/** `schedules [--json]`: every job scheduler on the queue, ours and others'. */
export async function schedulesCommand(ctx: CommandContext, opts: { json: boolean }): Promise<ExitCode> {
  const rows = toScheduleRows(await ctx.session.queue.getJobSchedulers());
  ctx.out(opts.json ? formatSchedulesJson(rows) : formatSchedulesTable(rows, ctx.now()));
  // From the accounts file this CLI reads: schedules that spend more than WeChat's daily quota.
  for (const warning of scheduleQuotaWarnings(ctx.config.accounts)) ctx.err(`warning: ${warning.message}`);
  return EXIT.ok;
}
