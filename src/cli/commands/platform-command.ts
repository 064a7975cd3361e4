import { t } from '../../i18n/index.js';
import {
  findPlatform,
  type PlatformDeps,
  platformStatus,
  recoverAuthorizations,
} from '../../platform/index.js';
import { IpNotWhitelistedError, WeChatError } from '../../wechat/errors/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatPlatformStatus, formatRecovery } from '../format-platform.js';
import type { CommandContext } from './command-context.js';
import { openOpsProbes } from './ops-probes.js';

/** Unknown platform ids are a usage error, told before anything touches Redis or WeChat. */
function knownPlatform(ctx: CommandContext, platformId: string): boolean {
  if (ctx.config.platforms.some((p) => p.platformId === platformId)) return true;
  const known = ctx.config.platforms.map((p) => p.platformId).join(', ') || '-';
  ctx.err(t(ctx.lang, 'platform.unknown', { platformId, known }));
  return false;
}

async function withPlatform(
  ctx: CommandContext,
  use: (deps: PlatformDeps) => Promise<ExitCode>,
): Promise<ExitCode> {
  const probes = await openOpsProbes(ctx.config, ctx.session);
  try {
    if (!probes.platform) {
      ctx.err(t(ctx.lang, 'platform.none'));
      return EXIT.usage;
    }
    return await use(probes.platform);
  } finally {
    await probes.close();
  }
}

/** `platform status [platformId] [--json]`: ticket, component token, authorisations; never a secret. */
export async function platformStatusCommand(
  ctx: CommandContext,
  opts: { platformId?: string; json: boolean },
): Promise<ExitCode> {
  if (ctx.config.platforms.length === 0) {
    ctx.err(t(ctx.lang, 'platform.none'));
    return EXIT.usage;
  }
  if (opts.platformId !== undefined && !knownPlatform(ctx, opts.platformId)) return EXIT.usage;
  return withPlatform(ctx, async (deps) => {
    const chosen = deps.platforms.filter(
      (p) => opts.platformId === undefined || p.platformId === opts.platformId,
    );
    const statuses = await Promise.all(chosen.map((p) => platformStatus(deps, p)));
    if (opts.json)
      ctx.out(JSON.stringify(opts.platformId === undefined ? { platforms: statuses } : statuses[0], null, 2));
    else
      for (const status of statuses) for (const line of formatPlatformStatus(status, ctx.lang)) ctx.out(line);
    return EXIT.ok;
  });
}

/**
 * `platform recover <platformId> [--json]`: rebuilds the authorisations from WeChat's list.
 * Exit 0 done, 1 WeChat refused (the line says why), 2 unknown platform, 4 Redis.
 */
export async function platformRecoverCommand(
  ctx: CommandContext,
  opts: { platformId: string; json: boolean },
): Promise<ExitCode> {
  if (!knownPlatform(ctx, opts.platformId)) return EXIT.usage;
  return withPlatform(ctx, async (deps) => {
    const platform = findPlatform(deps, opts.platformId);
    if (!platform) return EXIT.usage;
    try {
      const report = await recoverAuthorizations(deps, platform);
      if (opts.json) ctx.out(JSON.stringify(report, null, 2));
      else for (const line of formatRecovery(report, ctx.lang)) ctx.out(line);
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof WeChatError)) throw err;
      ctx.err(t(ctx.lang, 'platform.recoverFailed', { platformId: opts.platformId, reason: err.message }));
      if (err instanceof IpNotWhitelistedError) {
        ctx.err(t(ctx.lang, 'platform.whitelistHint', { platform: platform.name ?? platform.platformId }));
      }
      return EXIT.failed;
    }
  });
}
