import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatUnblock } from '../format-unblock.js';
import { type CommandContext, isKnownAccount } from './command-context.js';

/** `unblock --account X`: lifts the whitelist block so the next sync calls WeChat again. */
export async function unblockCommand(ctx: CommandContext, opts: { account: string }): Promise<ExitCode> {
  if (!isKnownAccount(ctx, opts.account)) return EXIT.usage;
  const { blocks } = ctx.session;
  const block = await blocks.get(opts.account);
  const wasBlocked = await blocks.clear(opts.account);
  ctx.out(
    formatUnblock(
      {
        accountId: opts.account,
        wasBlocked,
        block: block ? { summary: block.diagnostic.summary, ttlMs: block.ttlMs } : null,
      },
      ctx.lang,
    ),
  );
  return EXIT.ok;
}
