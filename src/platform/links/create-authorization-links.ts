import type { PlatformApi } from '../platform-api.js';
import { type AuthType, authorizationLinks, landingUrl } from './authorization-links.js';
import { LinkRequestError } from './link-request-error.js';

export interface LinkRequest {
  /** A configured account of this platform: the link is pinned to its AppID (biz_appid). */
  accountId?: string;
  /** Pins the link to an AppID that is not (yet) in the accounts file. */
  authorizerAppId?: string;
  /** Default 1 (Official Accounts). */
  authType?: AuthType;
}

export interface CreatedLinks {
  platformId: string;
  componentAppId: string;
  accountId: string | null;
  /** The AppID the link is pinned to, or null (any account's administrator may use it). */
  bizAppId: string | null;
  authType: AuthType;
  redirectUri: string;
  /** Epoch ms when the pre-auth code inside the links stops working (30 min). */
  expiresAt: number;
  pc: string;
  mobile: string;
}

function pinnedAppId(
  api: PlatformApi,
  platformId: string,
  req: LinkRequest,
): { accountId: string | null; bizAppId: string | null } {
  if (req.accountId === undefined) return { accountId: null, bizAppId: req.authorizerAppId ?? null };
  const account = api.accounts.get(req.accountId);
  if (account === undefined)
    throw new LinkRequestError(
      'not-found',
      'accountId',
      `no account ${req.accountId} uses a platform in the accounts file`,
    );
  if (account.platformId !== platformId)
    throw new LinkRequestError(
      'invalid',
      'accountId',
      `account ${req.accountId} uses platform ${account.platformId}, not ${platformId}`,
    );
  if (req.authorizerAppId !== undefined && req.authorizerAppId !== account.appId)
    throw new LinkRequestError(
      'invalid',
      'authorizerAppId',
      `differs from the appId of account ${req.accountId} (${account.appId})`,
    );
  return { accountId: account.accountId, bizAppId: account.appId };
}

/**
 * A fresh pre-auth code (api_create_preauthcode) in WeChat's PC and mobile authorisation
 * links, redirecting back to this service's landing page. Throws LinkRequestError for a
 * request or setting at fault, WeChat's errors as classified (no ticket yet, whitelist…).
 */
export async function createAuthorizationLinks(
  api: PlatformApi,
  platformId: string,
  req: LinkRequest,
): Promise<CreatedLinks> {
  const platform = api.platforms.get(platformId);
  if (platform === undefined)
    throw new LinkRequestError('not-found', 'platformId', `no platform ${platformId} in the accounts file`);
  const { publicUrl } = api.links;
  if (publicUrl === null)
    throw new LinkRequestError(
      'not-configured',
      'PUBLIC_URL',
      'not set: WeChat redirects the administrator back to PUBLIC_URL/wechat/platform/<platformId>/authorized, so links need it (e.g. PUBLIC_URL=https://sync.example.com)',
    );
  const pinned = pinnedAppId(api, platformId, req);
  const { preAuthCode, expiresInSec } = await api.events.withComponentToken(platform, (token) =>
    api.component.createPreAuthCode(platform.componentAppId, token),
  );
  const authType = req.authType ?? 1;
  const redirectUri = landingUrl(publicUrl, platformId);
  const links = authorizationLinks({
    mpBase: api.links.wechatMpBase,
    openBase: api.links.wechatOpenBase,
    componentAppId: platform.componentAppId,
    preAuthCode,
    redirectUri,
    authType,
    bizAppId: pinned.bizAppId,
  });
  return {
    platformId,
    componentAppId: platform.componentAppId,
    ...pinned,
    authType,
    redirectUri,
    expiresAt: api.events.now() + expiresInSec * 1000,
    ...links,
  };
}
