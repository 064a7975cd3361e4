import type { Sensitive } from '../config/sensitive.js';
import type { AppCredentials } from '../wechat/access-token.js';

/** An account authorised through a third-party platform: its tokens come from the platform. */
export interface AuthorizerApp {
  appId: string;
  /** The platformId the account names. */
  platform: string;
  appSecret?: undefined;
}

/** A third-party platform itself: `appId` is its component AppID (component_access_token). */
export interface ComponentApp {
  appId: string;
  platformId: string;
  componentAppSecret: Sensitive;
  appSecret?: undefined;
  platform?: undefined;
}

/**
 * What the token cache keeps a token for, keyed by `appId` (WeChat AppIDs are unique, so a
 * component AppID never collides with an account's): an account with its own AppSecret, an
 * account authorised through a platform, or a platform's component token.
 */
export type TokenApp = AppCredentials | AuthorizerApp | ComponentApp;

export function isOwnSecretApp(app: TokenApp): app is AppCredentials {
  return app.appSecret !== undefined;
}

export function isComponentApp(app: TokenApp): app is ComponentApp {
  return 'componentAppSecret' in app && app.componentAppSecret !== undefined;
}

export function isAuthorizerApp(app: TokenApp): app is AuthorizerApp {
  return 'platform' in app && typeof app.platform === 'string';
}

/** A source that only knows own-secret apps was handed another kind: a wiring bug. */
export class WrongTokenAppError extends Error {
  override readonly name = 'WrongTokenAppError' as const;
  constructor(
    readonly appId: string,
    readonly expected: string,
  ) {
    super(`token source for ${expected} apps was asked for app ${appId} of another kind`);
  }
}
