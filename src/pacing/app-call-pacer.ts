import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { CallPacer } from '../sync/sync-context.js';
import { RESERVE_SLOT_LUA } from './pacer-script.js';

export interface AppCallPacerOptions {
  /** A `client`-role connection; it stays the caller's. */
  redis: RedisClient;
  keys: RedisKeys;
  /** WeChat data calls per second per app, across every worker (> 0). */
  ratePerSecond: number;
  /** Calls allowed back to back after an idle period; default 1 (evenly spaced). */
  burst?: number;
}

interface PacerCommands {
  pacerReserveSlot(key: string, intervalUs: number, burst: number): Promise<number>;
}

/**
 * Spaces the WeChat data calls of each app, shared by every worker through Redis, so a
 * big follower sync (1 200 user/info calls for 120 000 followers) neither trips 45011
 * (minute quota) nor starves the app's other jobs. Hand-written (a 15-line Lua GCRA)
 * because what the stack offers does not fit: BullMQ's limiter paces a whole queue,
 * not one app's calls inside many jobs (its per-group limits are BullMQ Pro), and a
 * rate-limiter package would be a new dependency for one script.
 */
export class AppCallPacer implements CallPacer {
  readonly #redis: RedisClient & PacerCommands;
  readonly #keys: RedisKeys;
  readonly #intervalUs: number;
  readonly #burst: number;

  constructor(opts: AppCallPacerOptions) {
    if (!(opts.ratePerSecond > 0) || !Number.isFinite(opts.ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${opts.ratePerSecond}`);
    }
    const burst = opts.burst ?? 1;
    if (!Number.isInteger(burst) || burst < 1)
      throw new RangeError(`burst must be an integer >= 1, got ${burst}`);
    if (!('pacerReserveSlot' in opts.redis)) {
      opts.redis.defineCommand('pacerReserveSlot', { numberOfKeys: 1, lua: RESERVE_SLOT_LUA });
    }
    this.#redis = opts.redis as RedisClient & PacerCommands;
    this.#keys = opts.keys;
    this.#intervalUs = Math.max(1, Math.round(1_000_000 / opts.ratePerSecond));
    this.#burst = burst;
  }

  /** Resolves when this app's next call may go; rejects with the signal's reason if aborted while waiting. */
  async take(appId: string, signal?: AbortSignal): Promise<void> {
    const waitUs = await this.#redis.pacerReserveSlot(
      this.#keys.appPacing(appId),
      this.#intervalUs,
      this.#burst,
    );
    if (waitUs <= 0) return;
    // Waiting is the point here: the slot is reserved, nothing to poll for.
    await sleep(Math.ceil(waitUs / 1000), undefined, signal ? { signal } : {}).catch((err: unknown) => {
      throw signal?.aborted ? signal.reason : err;
    });
  }
}
