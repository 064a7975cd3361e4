import type { Redis } from 'ioredis';
import { UPSERT_RECORDS_LUA } from './store-scripts.js';

/** The store's scripts as typed methods of a connection (ioredis runs them by EVALSHA, falling back to EVAL). */
export interface StoreCommands {
  storeUpsertRecords(
    fenceKey: string,
    dataKey: string,
    indexKey: string,
    fence: number,
    ...records: string[]
  ): Promise<[number, number, number]>;
}

const registered = new WeakSet<Redis>();

/**
 * Defines the store scripts on a connection once, however many stores share it. Typed
 * through a cast rather than a global `declare module 'ioredis'` augmentation, so the
 * commands are only visible where this module hands them out.
 */
export function storeCommands(redis: Redis): StoreCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('storeUpsertRecords', { numberOfKeys: 3, lua: UPSERT_RECORDS_LUA });
    registered.add(redis);
  }
  return redis as unknown as StoreCommands;
}
