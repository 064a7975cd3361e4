import type { Logger } from 'pino';
import type { Platform } from '../config/index.js';
import type { Sensitive } from '../config/sensitive.js';
import { isAuthorizerApp, WrongTokenAppError } from '../token/token-app.js';
import type { TokenCache } from '../token/token-cache.js';
import type { TokenSource } from '../token/token-source.js';
import type { IssuedToken } from '../wechat/access-token.js';
import type { ComponentApi } from '../wechat/component-api.js';
import { AuthorizationInvalidError } from '../wechat/errors/index.js';
import type { AuthorizationStore } from './authorization-store.js';
import { componentApp } from './component-token.js';
import { usableAuthorization } from './usable-authorization.js';

export interface AuthorizerTokenSourceDeps {
  /** The configured platforms by platformId. */
  platforms: ReadonlyMap<string, Platform>;
  authorizations: AuthorizationStore;
  /** The component_access_token cache (a TokenCache with componentTokenSource). */
  componentTokens: Pick<TokenCache, 'withToken'>;
  component: Pick<ComponentApi, 'fetchAuthorizerToken'>;
  now: () => number;
  logger: Logger;
}

/**
 * Where the token cache gets tokens of accounts authorised through a platform: the
 * platform's component token and the account's stored refresh token, through
 * api_authorizer_token. It runs inside the cache's refresh guard of the account, so across
 * all processes one refresh per account at a time reads the refresh token, and a rotated
 * one is written back only over the value it read (a re-authorisation or a revocation
 * stored meanwhile wins).
 */
export function authorizerTokenSource(deps: AuthorizerTokenSourceDeps): TokenSource {
  return {
    async fetch(app): Promise<IssuedToken> {
      if (!isAuthorizerApp(app)) throw new WrongTokenAppError(app.appId, 'authorizer');
      const platform = deps.platforms.get(app.platform);
      if (!platform)
        throw new Error(`account ${app.appId} names platform ${app.platform}, which is not configured`);
      const record = await usableAuthorization(deps.authorizations, platform.platformId, app.appId);
      try {
        const answer = await deps.componentTokens.withToken(componentApp(platform), (componentToken) =>
          deps.component.fetchAuthorizerToken(
            platform.componentAppId,
            componentToken,
            app.appId,
            record.refreshToken,
          ),
        );
        if (!answer.refreshToken.equals(record.refreshToken)) {
          await keepRotated(deps, platform.platformId, app.appId, record.refreshToken, answer.refreshToken);
        }
        return answer.token;
      } catch (err) {
        if (err instanceof AuthorizationInvalidError) {
          await revokeIfUnchanged(deps, platform.platformId, app.appId, record.refreshToken);
        }
        throw err;
      }
    },
  };
}

async function keepRotated(
  deps: AuthorizerTokenSourceDeps,
  platformId: string,
  appId: string,
  used: Sensitive,
  rotated: Sensitive,
): Promise<void> {
  const written = await deps.authorizations.replaceRefreshToken(platformId, appId, used, rotated, deps.now());
  if (written)
    deps.logger.info({ platformId, authorizerAppId: appId }, 'authorizer refresh token rotated and stored');
  else
    deps.logger.warn(
      { platformId, authorizerAppId: appId },
      'authorizer refresh token rotated, but the stored authorisation changed meanwhile (re-authorised or revoked); keeping the stored one',
    );
}

/**
 * 61023/61003: the refresh token we used is dead. Marked revoked only if it is still the
 * stored one: a re-authorisation stored while we called brought a new, valid token.
 */
async function revokeIfUnchanged(
  deps: AuthorizerTokenSourceDeps,
  platformId: string,
  appId: string,
  used: Sensitive,
): Promise<void> {
  const current = await deps.authorizations.get(platformId, appId);
  if (current?.state !== 'authorized' || !current.refreshToken.equals(used)) return;
  const marked = await deps.authorizations.markRevoked(platformId, appId, deps.now());
  if (marked)
    deps.logger.warn(
      { platformId, authorizerAppId: appId },
      'WeChat refused the authorisation; marked revoked',
    );
}
