import type { Account } from './account.js';

/** How an account gets its tokens: with its own AppSecret, or through a platform. */
export type AccountMode = { kind: 'own-secret' } | { kind: 'platform'; platformId: string };

export function accountMode(account: Account): AccountMode {
  return account.platform === undefined
    ? { kind: 'own-secret' }
    : { kind: 'platform', platformId: account.platform };
}
