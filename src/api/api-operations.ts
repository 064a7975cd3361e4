import type { Account } from '../config/index.js';
import type { TokenProbe } from '../diagnosis/index.js';
import type { AccountLock } from '../lock/index.js';
import type { PromMetrics } from '../metrics/index.js';

/**
 * What the operator routes need beyond the producer's queue and Redis: the token cache
 * for live checks, the lock for listing and cleanup, and the process's metrics. The
 * entry points hand over their Services' ones (see operationsFrom).
 */
export interface ApiOperations {
  /** With their credentials: the live token check needs them. */
  accounts: readonly Account[];
  tokens: TokenProbe;
  lock: Pick<AccountLock, 'listHolders' | 'forceRelease'>;
  metrics: PromMetrics;
}

export function operationsFrom(
  services: Omit<ApiOperations, 'accounts'> & { config: { accounts: readonly Account[] } },
): ApiOperations {
  const { tokens, lock, metrics } = services;
  return { accounts: services.config.accounts, tokens, lock, metrics };
}
