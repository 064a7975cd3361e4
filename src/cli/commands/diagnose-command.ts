import { AccountStatus } from '../../accounts/index.js';
import { runDiagnosis } from '../../diagnosis/index.js';
import { describeEgress } from '../../egress/index.js';
import { AuthorizationGate } from '../../platform/index.js';
import { ApiQuotas } from '../../quota/index.js';
import { RedisKeys } from '../../redis/keys.js';
import { ForceRefreshBudget } from '../../token/force-refresh-budget.js';
import { TokenFightLog } from '../../token/token-fight-log.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatDiagnosis } from '../format-diagnosis.js';
import { type CommandContext, isKnownAccount } from './command-context.js';
import { openOpsProbes } from './ops-probes.js';

/** `diagnose [--account X] [--json]`: exit 0 healthy, 1 when Redis or any account's token fails. */
export async function diagnoseCommand(
  ctx: CommandContext,
  opts: { account?: string; json: boolean },
): Promise<ExitCode> {
  if (opts.account !== undefined && !isKnownAccount(ctx, opts.account)) return EXIT.usage;
  const { config, session } = ctx;
  const probes = await openOpsProbes(config, session);
  const keys = new RedisKeys(config.queuePrefix);
  try {
    const report = await runDiagnosis(
      {
        accounts: config.accounts,
        redis: session.redis,
        queue: session.queue,
        tokens: probes.tokens,
        lock: probes.lock,
        blocks: session.blocks,
        status: new AccountStatus(session.redis, keys),
        quotas: new ApiQuotas(session.redis, keys),
        now: ctx.now,
        egress: describeEgress(config.wechatProxyUrl?.reveal() ?? null),
        fights: new TokenFightLog(session.redis, keys),
        forceBudget: new ForceRefreshBudget(session.redis, keys),
        authorityOn: config.tokenClients.length > 0,
        ...(probes.platform
          ? { authorization: new AuthorizationGate(config.platforms, probes.platform.stores.authorizations) }
          : {}),
      },
      // The operator's diagnose after fixing the whitelist is what lifts the block.
      { liftBlocks: true, ...(opts.account === undefined ? {} : { accountId: opts.account }) },
    );
    if (opts.json) ctx.out(JSON.stringify(report, null, 2));
    else for (const line of formatDiagnosis(report, ctx.now(), ctx.lang)) ctx.out(line);
    return report.healthy ? EXIT.ok : EXIT.failed;
  } finally {
    await probes.close();
  }
}
