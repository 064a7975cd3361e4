import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CommandContext } from './command-context.js';

export type QueueAction = 'pause' | 'resume' | 'status';

/**
 * `queue pause|resume|status`: a paused queue keeps accepting jobs (API, scheduler) and
 * every worker stops taking new ones; running jobs finish. For maintenance windows and
 * for stopping a storm of failing syncs while the cause is fixed.
 */
export async function queueCommand(ctx: CommandContext, action: QueueAction): Promise<ExitCode> {
  const { queue } = ctx.session;
  if (action === 'pause') await queue.pause();
  if (action === 'resume') await queue.resume();
  const paused = await queue.isPaused();
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  const summary = Object.entries(counts)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  ctx.out(`queue ${paused ? 'paused' : 'running'}: ${summary}`);
  return EXIT.ok;
}
