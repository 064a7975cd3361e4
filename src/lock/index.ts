export { AccountLease, type AccountLeaseEvents, type ReleaseResult } from './account-lease.js';
export {
  AccountLock,
  type AccountLockOptions,
  type AcquireReads,
  type AcquireResult,
  type AcquireWithReadsResult,
  type ListedHolder,
} from './account-lock.js';
export { isFenceCurrent, toStaleFenceError, withFenceGuard } from './fence.js';
export { LockError, type LockOperation } from './lock-error.js';
export type { LockHolder } from './lock-holder.js';
export { LockLostError, type LockLostReason } from './lock-lost-error.js';
export { FENCE_GUARD_LUA } from './scripts.js';
export { StaleFenceError } from './stale-fence-error.js';
