import type { Logger } from 'pino';
import type { Account, Platform } from '../config/index.js';
import type { TokenCache } from '../token/token-cache.js';
import type { ComponentApi } from '../wechat/component-api.js';
import type { PlatformStores } from './platform-stores.js';

/** What the platform operations (status, recovery, authorisation links) work with. */
export interface PlatformDeps {
  platforms: readonly Platform[];
  /** Every configured account; those naming a platform are its accounts. */
  accounts: readonly Account[];
  stores: PlatformStores;
  /** component_access_tokens (see componentApp()). */
  componentTokens: Pick<TokenCache, 'get' | 'withToken' | 'peek'>;
  component: ComponentApi;
  now: () => number;
  logger: Logger;
}

/** The configured platform, or null. */
export function findPlatform(deps: Pick<PlatformDeps, 'platforms'>, platformId: string): Platform | null {
  return deps.platforms.find((p) => p.platformId === platformId) ?? null;
}

/** The accounts of one platform, in file order. */
export function accountsOf(deps: Pick<PlatformDeps, 'accounts'>, platformId: string): Account[] {
  return deps.accounts.filter((a) => a.platform === platformId);
}
