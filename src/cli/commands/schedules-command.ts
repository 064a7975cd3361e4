import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatSchedulesJson, formatSchedulesTable, toScheduleRows } from '../format-schedules.js';
import type { CommandContext } from './command-context.js';

/** `schedules [--json]`: every job scheduler on the queue, ours and others'. */
export async function schedulesCommand(ctx: CommandContext, opts: { json: boolean }): Promise<ExitCode> {
  const rows = toScheduleRows(await ctx.session.queue.getJobSchedulers());
  ctx.out(opts.json ? formatSchedulesJson(rows) : formatSchedulesTable(rows, ctx.now()));
  return EXIT.ok;
}
