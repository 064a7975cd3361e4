import type { RedisClient } from '../redis/connection.js';
import { ACQUIRE_LUA, RELEASE_LUA, RENEW_LUA } from './scripts.js';

type Arg = string | number;

/** The lock scripts as typed methods of a connection (ioredis runs them by EVALSHA, falling back to EVAL). */
export interface LockCommands {
  /** Key count first (the keys vary, see ACQUIRE_LUA), then the keys, then the arguments. */
  accountLockAcquire(numberOfKeys: number, ...keysAndArgv: Arg[]): Promise<unknown>;
  accountLockRenew(lock: string, holder: string, owner: string, ttlMs: number): Promise<number>;
  accountLockRelease(lock: string, holder: string, owner: string): Promise<number>;
}

const registered = new WeakSet<RedisClient>();

/**
 * Defines the lock scripts on a connection once, however many AccountLocks share it.
 * Typed through a cast rather than a global `declare module 'ioredis'` augmentation, so
 * the commands are only visible where this module hands them out.
 */
export function lockCommands(redis: RedisClient): LockCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('accountLockAcquire', { lua: ACQUIRE_LUA });
    redis.defineCommand('accountLockRenew', { numberOfKeys: 2, lua: RENEW_LUA });
    redis.defineCommand('accountLockRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
    registered.add(redis);
  }
  return redis as unknown as LockCommands;
}
