import type { Account, Platform } from '../config/index.js';
import type { PlatformRef } from '../failures/index.js';
import type { AuthorizationStore } from './authorization-store.js';
import { usableAuthorization } from './usable-authorization.js';

/**
 * What the worker asks before syncing an account authorised through a platform, so that a
 * revoked account fails at once even while a token of it is still cached, and which
 * platform its diagnostics name.
 */
export class AuthorizationGate {
  readonly #platforms: ReadonlyMap<string, Platform>;
  readonly #store: AuthorizationStore;

  constructor(platforms: readonly Platform[], store: AuthorizationStore) {
    this.#platforms = new Map(platforms.map((p) => [p.platformId, p]));
    this.#store = store;
  }

  /** Throws AuthorizationRevokedError / NotAuthorizedError; an own-secret account always passes, without I/O. */
  async check(account: Account): Promise<void> {
    if (account.platform === undefined) return;
    await usableAuthorization(this.#store, account.platform, account.appId);
  }

  /** The platform an account's diagnostics name; null for an own-secret account. */
  platformOf(account: Account): PlatformRef | null {
    if (account.platform === undefined) return null;
    const platform = this.#platforms.get(account.platform);
    if (!platform) return { platformId: account.platform, componentAppId: '' };
    return {
      platformId: platform.platformId,
      componentAppId: platform.componentAppId,
      ...(platform.name === undefined ? {} : { name: platform.name }),
    };
  }
}
