import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { TokenFight } from './token-fight.js';

/** Fights are reported over the last day; older ones fall out. */
export const FIGHT_WINDOW_MS = 86_400_000;
/** Bound on what one app's log holds, however fierce the fight. */
const MAX_ENTRIES = 1_000;

export interface TokenFightSummary {
  /** Fights in the last FIGHT_WINDOW_MS. */
  count: number;
  lastAt: number | null;
  /** How long the token taken from us had left at the last fight. */
  lastRemainingMs: number | null;
}

/**
 * Token fights per app, shared by every process through Redis (a sorted set of the
 * fights of the last day, scored by time), so `diagnose` sees what any worker saw.
 */
export class TokenFightLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async record(fight: TokenFight): Promise<void> {
    const key = this.keys.tokenFights(fight.appId);
    // The member is unique per fight; remainingMs rides along for the summary.
    const member = `${fight.at}:${fight.remainingMs}:${Math.random().toString(36).slice(2, 8)}`;
    await this.redis
      .multi()
      .zadd(key, fight.at, member)
      .zremrangebyscore(key, '-inf', fight.at - FIGHT_WINDOW_MS)
      .zremrangebyrank(key, 0, -MAX_ENTRIES - 1)
      .pexpire(key, FIGHT_WINDOW_MS)
      .exec();
  }

  async summary(appId: string, now: number): Promise<TokenFightSummary> {
    const key = this.keys.tokenFights(appId);
    const [count, last] = await Promise.all([
      this.redis.zcount(key, now - FIGHT_WINDOW_MS, '+inf'),
      this.redis.zrevrangebyscore(key, '+inf', now - FIGHT_WINDOW_MS, 'LIMIT', 0, 1),
    ]);
    const [at, remaining] = (last[0] ?? '').split(':');
    return {
      count,
      lastAt: at ? Number(at) : null,
      lastRemainingMs: remaining ? Number(remaining) : null,
    };
  }
}
