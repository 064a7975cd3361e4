import { isOwnSecretApp } from './token-app.js';
import type { TokenSource } from './token-source.js';

/**
 * One source for the worker's token cache whatever the account's mode: own-secret apps
 * go to WeChat's token endpoints, accounts authorised through a platform to `platform`
 * (src/platform/authorizer-token-source.ts). Without one, such an account is a wiring bug.
 */
export function tokenSourceByApp(ownSecret: TokenSource, platform: TokenSource | null): TokenSource {
  return {
    fetch(app, forceRefresh) {
      if (isOwnSecretApp(app)) return ownSecret.fetch(app, forceRefresh);
      if (platform === null) {
        return Promise.reject(new Error(`no platform token source wired for app ${app.appId}`));
      }
      return platform.fetch(app, forceRefresh);
    },
  };
}
