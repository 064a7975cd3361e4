import { AuthorizationRevokedError, NotAuthorizedError } from '../platform/errors/index.js';
import type { FailureContext } from './describe-failure.js';
import type { FailureDiagnostic, PlatformRef } from './diagnostic.js';
import { authorizationRevokedRemedy, notAuthorizedRemedy } from './platform-remedy.js';

/** The context's platform, or a bare one from the error when the caller knew none. */
function platformOf(ctx: FailureContext, platformId: string): PlatformRef {
  return ctx.platform ?? { platformId, componentAppId: '' };
}

/**
 * A platform account whose authorisation is stored as revoked, or not stored at all: no
 * WeChat call was made, so there is no errcode; never retried.
 */
export function platformFault(err: unknown, ctx: FailureContext): FailureDiagnostic | null {
  if (!(err instanceof AuthorizationRevokedError) && !(err instanceof NotAuthorizedError)) return null;
  const platform = platformOf(ctx, err.platformId);
  const common = {
    accountId: ctx.accountId,
    appId: err.authorizerAppId,
    errcode: null,
    errmsg: null,
    ip: null,
    ipv6: null,
    rid: null,
    endpoint: null,
    field: null,
    at: new Date(ctx.at).toISOString(),
    blockedUntil: null,
    platform,
  };
  if (err instanceof AuthorizationRevokedError) {
    const revokedAt = err.revokedAt === null ? null : new Date(err.revokedAt).toISOString();
    return {
      ...common,
      code: 'AUTHORIZATION_REVOKED',
      summary: `Account ${ctx.accountId} (authorizer AppID ${err.authorizerAppId}) revoked its authorisation of the third-party platform ${platform.platformId}${revokedAt ? ` at ${revokedAt}` : ''}; it must authorise again.`,
      revokedAt,
      remedy: authorizationRevokedRemedy(ctx.accountId, err.authorizerAppId, platform, revokedAt),
    };
  }
  return {
    ...common,
    code: 'NOT_AUTHORIZED',
    summary: `Account ${ctx.accountId} (AppID ${err.authorizerAppId}) has no stored authorisation of the third-party platform ${platform.platformId}.`,
    remedy: notAuthorizedRemedy(ctx.accountId, err.authorizerAppId, platform),
  };
}
