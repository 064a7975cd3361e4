import type { RedisClient } from '../redis/connection.js';
import {
  APPLY_FOLLOWER_EVENTS_LUA,
  MARK_UNSUBSCRIBED_LUA,
  SAVE_STATE_LUA,
  UPSERT_FOLLOWERS_LUA,
  UPSERT_RECORDS_LUA,
} from './store-scripts.js';

type Counts = Promise<[number, number, number]>;

/** The store's scripts as typed methods of a connection (ioredis runs them by EVALSHA, falling back to EVAL). */
export interface StoreCommands {
  storeUpsertRecords(
    fenceKey: string,
    dataKey: string,
    indexKey: string,
    stateKey: string,
    fence: number,
    state: string,
    ...records: string[]
  ): Counts;
  storeUpsertFollowers(
    fenceKey: string,
    dataKey: string,
    seenKey: string,
    stateKey: string,
    fence: number,
    state: string,
    pass: number,
    seenCount: number,
    ...rest: string[]
  ): Counts;
  storeMarkUnsubscribed(
    fenceKey: string,
    dataKey: string,
    seenKey: string,
    fence: number,
    pass: number,
    ...pairs: string[]
  ): Promise<number>;
  storeSaveState(fenceKey: string, stateKey: string, fence: number, state: string): Promise<number>;
  storeApplyFollowerEvents(
    fenceKey: string,
    dataKey: string,
    seenKey: string,
    eventAtKey: string,
    fence: number,
    seenPass: number,
    ...quads: (string | number)[]
  ): Promise<[number, number]>;
}

const registered = new WeakSet<RedisClient>();

/**
 * Defines the store scripts on a connection once, however many stores share it. Typed
 * through a cast rather than a global `declare module 'ioredis'` augmentation, so the
 * commands are only visible where this module hands them out.
 */
export function storeCommands(redis: RedisClient): StoreCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('storeUpsertRecords', { numberOfKeys: 4, lua: UPSERT_RECORDS_LUA });
    redis.defineCommand('storeUpsertFollowers', { numberOfKeys: 4, lua: UPSERT_FOLLOWERS_LUA });
    redis.defineCommand('storeMarkUnsubscribed', { numberOfKeys: 3, lua: MARK_UNSUBSCRIBED_LUA });
    redis.defineCommand('storeSaveState', { numberOfKeys: 2, lua: SAVE_STATE_LUA });
    redis.defineCommand('storeApplyFollowerEvents', { numberOfKeys: 4, lua: APPLY_FOLLOWER_EVENTS_LUA });
    registered.add(redis);
  }
  return redis as unknown as StoreCommands;
}
