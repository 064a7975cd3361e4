import { cleanupLocks, listLocks } from '../../diagnosis/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatCleanup, formatLocks } from '../format-locks.js';
import type { CommandContext } from './command-context.js';
import { openOpsProbes } from './ops-probes.js';

/** `locks [list|cleanup] [--json]`: cleanup releases only locks whose job is not active. */
export async function locksCommand(
  ctx: CommandContext,
  action: 'list' | 'cleanup',
  opts: { json: boolean },
): Promise<ExitCode> {
  const probes = await openOpsProbes(ctx.config, ctx.session);
  try {
    const deps = { lock: probes.lock, queue: ctx.session.queue, now: ctx.now };
    if (action === 'cleanup') {
      const report = await cleanupLocks(deps);
      if (opts.json) ctx.out(JSON.stringify(report, null, 2));
      else for (const line of formatCleanup(report)) ctx.out(line);
    } else {
      const locks = await listLocks(deps);
      if (opts.json) ctx.out(JSON.stringify({ locks }, null, 2));
      else for (const line of formatLocks(locks)) ctx.out(line);
    }
    return EXIT.ok;
  } finally {
    await probes.close();
  }
}
