import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api/api-errors.js';
import { accountIdSchema, parseRequest } from '../api/request-schemas.js';
import { t } from '../i18n/index.js';
import { IpNotWhitelistedError, WeChatError } from '../wechat/errors/index.js';
import { findPlatform, type PlatformDeps } from './platform-deps.js';
import { platformStatus } from './platform-status.js';
import { recoverAuthorizations } from './recover-authorizations.js';

export const unknownPlatform = (platformId: string) =>
  new ApiError('UNKNOWN_PLATFORM', `platformId: unknown platform ${platformId}`);

/** A WeChat error's message names the call and errcode, never a secret (src/wechat/errors). */
export function wechatRefused(err: unknown): unknown {
  return err instanceof WeChatError ? new ApiError('WECHAT_REFUSED', err.message) : err;
}

/**
 * Under /official-api, behind its bearer token like the other operator routes:
 * GET /wechat/platforms and /wechat/platforms/:platformId (ticket, component token,
 * authorisations; never a secret), POST /wechat/platforms/:platformId/recover (rebuild
 * the authorisations from WeChat's list after a loss).
 */
export async function platformRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const platformOf = (raw: string) => {
    const platformId = parseRequest(accountIdSchema, raw, 'platformId');
    const platform = findPlatform(deps, platformId);
    if (!platform) throw unknownPlatform(platformId);
    return platform;
  };

  app.get('/wechat/platforms', async () => ({
    platforms: await Promise.all(deps.platforms.map((p) => platformStatus(deps, p))),
  }));

  app.get<{ Params: { platformId: string } }>('/wechat/platforms/:platformId', async (request) =>
    platformStatus(deps, platformOf(request.params.platformId)),
  );

  app.post<{ Params: { platformId: string } }>('/wechat/platforms/:platformId/recover', async (request) => {
    const platform = platformOf(request.params.platformId);
    request.log.info({ platformId: platform.platformId }, 'platform recovery requested');
    try {
      return await recoverAuthorizations(deps, platform);
    } catch (err) {
      // The account's whitelist is not the one at fault here: say which one is, as the CLI does.
      if (err instanceof IpNotWhitelistedError) {
        const hint = t('en', 'platform.whitelistHint', { platform: platform.name ?? platform.platformId });
        throw new ApiError('WECHAT_REFUSED', `${err.message}; ${hint.trim()}`);
      }
      throw wechatRefused(err);
    }
  });
}
