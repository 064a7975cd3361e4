import { toStaleFenceError, withFenceGuard } from '../lock/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { DatacubeApi, DatacubeRow } from '../wechat/types.js';

/**
 * Stores one call's days: each day's rows (an empty list is a stored day too: WeChat
 * had nothing that day) and the day in the stored set, and clears the day's failure.
 *
 * KEYS[1] fence counter, KEYS[2] figures hash (day → JSON rows), KEYS[3] stored days
 * (sorted set, score 0, lexical), KEYS[4] failed days hash
 * ARGV[1] fence, then pairs: day, JSON rows
 * Returns the number of days written; or the STALE_FENCE error reply, with nothing written.
 */
const SAVE_DAYS_LUA = withFenceGuard(`
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[3], 0, ARGV[i])
  redis.call('HDEL', KEYS[4], ARGV[i])
end
return (#ARGV - 1) / 2
`);

/**
 * Records days whose call failed (they stay missing and are planned again), or forgets
 * stored days so the next pass fetches them again (a mass send announced for that day).
 *
 * KEYS[1] fence counter, KEYS[2] figures hash, KEYS[3] stored days, KEYS[4] failed days hash
 * ARGV[1] fence, ARGV[2] reason ('' = forget the days), then the days
 * Returns 1; or the STALE_FENCE error reply.
 */
const MARK_DAYS_LUA = withFenceGuard(`
for i = 3, #ARGV do
  if ARGV[2] == '' then
    redis.call('HDEL', KEYS[2], ARGV[i])
    redis.call('ZREM', KEYS[3], ARGV[i])
  else
    redis.call('HSET', KEYS[4], ARGV[i], ARGV[2])
  end
end
return 1
`);

interface AnalyticsCommands {
  analyticsSaveDays(
    f: string,
    fig: string,
    days: string,
    failed: string,
    fence: number,
    ...pairs: string[]
  ): Promise<number>;
  analyticsMarkDays(
    f: string,
    fig: string,
    days: string,
    failed: string,
    fence: number,
    reason: string,
    ...list: string[]
  ): Promise<number>;
}

const registered = new WeakSet<RedisClient>();

function commands(redis: RedisClient): AnalyticsCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('analyticsSaveDays', { numberOfKeys: 4, lua: SAVE_DAYS_LUA });
    redis.defineCommand('analyticsMarkDays', { numberOfKeys: 4, lua: MARK_DAYS_LUA });
    registered.add(redis);
  }
  return redis as unknown as AnalyticsCommands;
}

/** A day range's figures as stored, and which of its days are not. */
export interface AnalyticsRange {
  days: Record<string, DatacubeRow[]>;
  missing: string[];
  /** Missing days whose last fetch failed, with why. */
  failed: Record<string, string>;
}

/** A mass send announced by MASSSENDJOBFINISH. */
export interface MassSendRecord {
  msgId: string;
  /** Beijing day of the push. */
  day: string;
  at: number;
  status: string;
  totalCount: number;
  sentCount: number;
  errorCount: number;
}

/**
 * Datacube figures per account, API and day, with the set of stored days that the gap
 * tracking reads. Kept in Redis (under the account's hash tag, fenced like the sync
 * store) whichever STORE_URL is set.
 */
export class AnalyticsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  #keysOf(accountId: string, api: string): [string, string, string, string] {
    return [
      this.keys.fence(accountId),
      this.keys.analyticsFigures(accountId, api),
      this.keys.analyticsDays(accountId, api),
      this.keys.analyticsFailed(accountId, api),
    ];
  }

  async saveDays(
    accountId: string,
    fence: number,
    api: DatacubeApi,
    days: Map<string, DatacubeRow[]>,
  ): Promise<void> {
    if (days.size === 0) return;
    const pairs = [...days].flatMap(([day, rows]) => [day, JSON.stringify(rows)]);
    try {
      await commands(this.redis).analyticsSaveDays(...this.#keysOf(accountId, api), fence, ...pairs);
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  async markFailed(
    accountId: string,
    fence: number,
    api: DatacubeApi,
    days: string[],
    reason: string,
  ): Promise<void> {
    await this.#mark(accountId, fence, api, reason.slice(0, 200) || 'failed', days);
  }

  /** Forgets stored days, so the next pass fetches them again. */
  async forgetDays(accountId: string, fence: number, api: DatacubeApi, days: string[]): Promise<void> {
    await this.#mark(accountId, fence, api, '', days);
  }

  async #mark(
    accountId: string,
    fence: number,
    api: DatacubeApi,
    reason: string,
    days: string[],
  ): Promise<void> {
    if (days.length === 0) return;
    try {
      await commands(this.redis).analyticsMarkDays(...this.#keysOf(accountId, api), fence, reason, ...days);
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  /** Stored days in `from..to`. */
  async storedDays(accountId: string, api: DatacubeApi, from: string, to: string): Promise<Set<string>> {
    const days = await this.redis.zrangebylex(this.keys.analyticsDays(accountId, api), `[${from}`, `[${to}`);
    return new Set(days);
  }

  async range(accountId: string, api: DatacubeApi, allDays: string[]): Promise<AnalyticsRange> {
    const first = allDays[0];
    const last = allDays[allDays.length - 1];
    if (first === undefined || last === undefined) return { days: {}, missing: [], failed: {} };
    const stored = [...(await this.storedDays(accountId, api, first, last))];
    const values =
      stored.length > 0 ? await this.redis.hmget(this.keys.analyticsFigures(accountId, api), ...stored) : [];
    const days: Record<string, DatacubeRow[]> = {};
    stored.forEach((day, i) => {
      days[day] = JSON.parse(values[i] ?? '[]') as DatacubeRow[];
    });
    const missing = allDays.filter((day) => !(day in days));
    const failedAll =
      missing.length > 0 ? await this.redis.hmget(this.keys.analyticsFailed(accountId, api), ...missing) : [];
    const failed: Record<string, string> = {};
    missing.forEach((day, i) => {
      const reason = failedAll[i];
      if (reason) failed[day] = reason;
    });
    return { days, missing, failed };
  }

  async recordMassSend(accountId: string, record: MassSendRecord): Promise<void> {
    await this.redis.hset(this.keys.data(accountId, 'mass-sends'), record.msgId, JSON.stringify(record));
  }

  async massSends(accountId: string): Promise<MassSendRecord[]> {
    const all = await this.redis.hvals(this.keys.data(accountId, 'mass-sends'));
    return all.map((json) => JSON.parse(json) as MassSendRecord);
  }
}
