import { t } from '../../i18n/index.js';
import { createAuthorizationLinks } from '../../platform/links/create-authorization-links.js';
import { LinkRequestError } from '../../platform/links/link-request-error.js';
import { platformApiOf } from '../../platform/platform-api.js';
import { RedisKeys } from '../../redis/keys.js';
import { WeChatError } from '../../wechat/errors/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatPlatformLink } from '../format-platform-link.js';
import type { CommandContext } from './command-context.js';
import { openOpsProbes } from './ops-probes.js';

/**
 * `platform link <platformId> [--account <id>] [--json]`: the PC and mobile authorisation
 * links to send to an account's administrator. Exit 0 printed, 1 WeChat refused (no ticket
 * yet, whitelist…), 2 unknown platform or account, PUBLIC_URL unset.
 */
export async function platformLinkCommand(
  ctx: CommandContext,
  opts: { platformId: string; account?: string; json: boolean },
): Promise<ExitCode> {
  const { config } = ctx;
  if (!config.platforms.some((p) => p.platformId === opts.platformId)) {
    const known = config.platforms.map((p) => p.platformId).join(', ') || '-';
    ctx.err(t(ctx.lang, 'platform.unknown', { platformId: opts.platformId, known }));
    return EXIT.usage;
  }
  const probes = await openOpsProbes(config, ctx.session);
  try {
    if (!probes.platform) return EXIT.usage;
    const api = platformApiOf(probes.platform, {
      redis: ctx.session.redis,
      keys: new RedisKeys(config.queuePrefix),
      links: config,
    });
    const links = await createAuthorizationLinks(api, opts.platformId, {
      ...(opts.account === undefined ? {} : { accountId: opts.account }),
    });
    if (opts.json) ctx.out(JSON.stringify(links, null, 2));
    else for (const line of formatPlatformLink(links, ctx.lang)) ctx.out(line);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof LinkRequestError) {
      ctx.err(err.message);
      return EXIT.usage;
    }
    if (!(err instanceof WeChatError)) throw err;
    ctx.err(err.message);
    return EXIT.failed;
  } finally {
    await probes.close();
  }
}
