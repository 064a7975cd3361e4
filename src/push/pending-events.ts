import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { type PushEvent, pushEventSchema } from './push-event.js';

/** WeChat retries within about 15 s (three tries, 5 s each); an hour is plenty and bounds the keys. */
export const PUSH_DEDUP_TTL_SEC = 3600;

/**
 * Takes one push: marks its retry key and, the first time only, appends the event to the
 * account's pending list, in one script so a retry racing the first delivery cannot add
 * it twice. `event` null (a push the system only acknowledges) marks the key only.
 *
 * KEYS[1] the push's dedup key, KEYS[2] the account's pending list
 * ARGV[1] dedup TTL in seconds, ARGV[2] the event as JSON, or '' for none
 * Returns 1 when the push is new, 0 for a retry.
 */
const TAKE_PUSH_LUA = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) then
  return 0
end
if ARGV[2] ~= '' then
  redis.call('RPUSH', KEYS[2], ARGV[2])
end
return 1
`;

interface PushCommands {
  takePush(dedupKey: string, pendingKey: string, ttlSec: number, event: string): Promise<number>;
}

const registered = new WeakSet<RedisClient>();

function commands(redis: RedisClient): PushCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('takePush', { numberOfKeys: 2, lua: TAKE_PUSH_LUA });
    registered.add(redis);
  }
  return redis as unknown as PushCommands;
}

/** The account's pushed events between the route and the push-events job. */
export class PendingEvents {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** True when the push is new; false when it is a retry of one already taken. */
  async take(accountId: string, dedupId: string, event: PushEvent | null): Promise<boolean> {
    const taken = await commands(this.redis).takePush(
      this.keys.pushDedup(accountId, dedupId),
      this.keys.pushPending(accountId),
      PUSH_DEDUP_TTL_SEC,
      event === null ? '' : JSON.stringify(event),
    );
    return taken === 1;
  }

  /**
   * The oldest `max` pending events, parsed; entries that do not parse (written by hand,
   * or by another version) are returned as `invalid` so the job can log and drop them.
   */
  async peek(
    accountId: string,
    max: number,
  ): Promise<{ events: PushEvent[]; read: number; invalid: number }> {
    const raw = await this.redis.lrange(this.keys.pushPending(accountId), 0, max - 1);
    const events: PushEvent[] = [];
    let invalid = 0;
    for (const json of raw) {
      const parsed = pushEventSchema.safeParse(safeJson(json));
      if (parsed.success) events.push(parsed.data);
      else invalid += 1;
    }
    return { events, read: raw.length, invalid };
  }

  /** Drops the `count` oldest events, once they are applied (only the account's lock holder drains). */
  async drop(accountId: string, count: number): Promise<void> {
    if (count > 0) await this.redis.ltrim(this.keys.pushPending(accountId), count, -1);
  }

  async size(accountId: string): Promise<number> {
    return this.redis.llen(this.keys.pushPending(accountId));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
