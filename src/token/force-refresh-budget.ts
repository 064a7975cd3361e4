import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { nextChinaMidnight } from '../wechat/quota-reset.js';
import { ForceRefreshBudgetError } from './force-refresh-budget-error.js';

/** WeChat's limits on `force_refresh: true` (wechat-api.md): 20 a day per app, 30 s apart. */
export const FORCE_REFRESH_DAILY_LIMIT = 20;
export const FORCE_REFRESH_SPACING_MS = 30_000;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/*
 * Takes one forced refresh from the app's budget, atomically, or says why not.
 * KEYS[1] budget hash {day, count, lastAt}
 * ARGV[1] now (epoch ms)  ARGV[2] China-time day number  ARGV[3] daily limit
 * ARGV[4] spacing ms      ARGV[5] key TTL ms
 * Returns {1, count today} when taken, {0, 'daily'} or {0, 'spacing', lastAt} when refused.
 */
const TAKE_FORCE_LUA = `
local now = tonumber(ARGV[1])
local day = redis.call('HGET', KEYS[1], 'day')
local count = 0
if day == ARGV[2] then count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0') end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastAt') or '0')
if count >= tonumber(ARGV[3]) then return {0, 'daily', last} end
if now - last < tonumber(ARGV[4]) then return {0, 'spacing', last} end
redis.call('HSET', KEYS[1], 'day', ARGV[2], 'count', count + 1, 'lastAt', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, count + 1}
`;

interface BudgetCommands {
  forceRefreshTake(
    key: string,
    now: number,
    day: number,
    limit: number,
    spacingMs: number,
    ttlMs: number,
  ): Promise<[number, string | number, number?]>;
}

const registered = new WeakSet<RedisClient>();

function budgetCommands(redis: RedisClient): BudgetCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('forceRefreshTake', { numberOfKeys: 1, lua: TAKE_FORCE_LUA });
    registered.add(redis);
  }
  return redis as unknown as BudgetCommands;
}

/** The China-time day WeChat counts its daily limits in (quotas reset at midnight UTC+8). */
export function chinaDay(now: number): number {
  return Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);
}

/**
 * The forced-refresh budget of each app, tracked across processes in Redis, so that the
 * whole deployment (workers, diagnosis, the token authority) stays within WeChat's limits.
 */
export class ForceRefreshBudget {
  readonly #commands: BudgetCommands;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly now: () => number = Date.now,
  ) {
    this.#commands = budgetCommands(redis);
  }

  /** Takes one forced refresh, or throws ForceRefreshBudgetError without sending anything. */
  async take(appId: string): Promise<number> {
    const now = this.now();
    const [taken, detail, lastAt] = await this.#commands.forceRefreshTake(
      this.keys.forceRefresh(appId),
      now,
      chinaDay(now),
      FORCE_REFRESH_DAILY_LIMIT,
      FORCE_REFRESH_SPACING_MS,
      DAY_MS + FORCE_REFRESH_SPACING_MS,
    );
    if (taken === 1) return Number(detail);
    const reason = detail === 'daily' ? 'daily' : 'spacing';
    const retryAt = reason === 'daily' ? nextChinaMidnight(now) : Number(lastAt) + FORCE_REFRESH_SPACING_MS;
    throw new ForceRefreshBudgetError({
      appId,
      reason,
      retryAt,
      dailyLimit: FORCE_REFRESH_DAILY_LIMIT,
      spacingMs: FORCE_REFRESH_SPACING_MS,
    });
  }

  /** Forced refreshes used today (China time), for diagnosis. */
  async usedToday(appId: string): Promise<number> {
    const [day, count] = await this.redis.hmget(this.keys.forceRefresh(appId), 'day', 'count');
    return day === String(chinaDay(this.now())) ? Number(count ?? 0) : 0;
  }
}
