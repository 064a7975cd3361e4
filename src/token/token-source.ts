import type { IssuedToken } from '../wechat/access-token.js';
import type { WeChatClient } from '../wechat/client.js';
import { isOwnSecretApp, type TokenApp, WrongTokenAppError } from './token-app.js';

/** Where the token cache gets tokens from (one source per kind of app, see token-app.ts). */
export interface TokenSource {
  /**
   * One call to WeChat. `forceRefresh` asks for a new token even if WeChat considers the
   * current one valid; only the cache's retry after a rejected token sets it.
   */
  fetch(app: TokenApp, forceRefresh: boolean): Promise<IssuedToken>;
}

/** Which token endpoint to use. */
export type TokenEndpoint = 'stable' | 'token';

/**
 * The real source. `stable` (`/cgi-bin/stable_token`, the default everywhere) returns
 * the same token while it is valid, so other systems fetching tokens for the same app
 * do not invalidate ours. `token` (`/cgi-bin/token`) issues a new token on every call,
 * superseding the previous one after a short overlap, so `forceRefresh` means nothing
 * there; it exists for accounts whose other systems still use that endpoint (the two
 * endpoints' tokens are separate families).
 */
export function tokenSourceFor(
  client: Pick<WeChatClient, 'fetchToken' | 'fetchStableToken'>,
  mode: TokenEndpoint = 'stable',
): TokenSource {
  return {
    fetch: async (app, forceRefresh) => {
      if (!isOwnSecretApp(app)) throw new WrongTokenAppError(app.appId, 'own-secret');
      return mode === 'token' ? client.fetchToken(app) : client.fetchStableToken(app, forceRefresh);
    },
  };
}
