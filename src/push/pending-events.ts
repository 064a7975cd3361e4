import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { type PushEvent, pushEventSchema } from './push-event.js';

/** WeChat retries within about 15 s (three tries, 5 s each); an hour is plenty and bounds the keys. */
export const PUSH_DEDUP_TTL_SEC = 3600;

/**
 * How long "a push-events job is waiting" is assumed after a job was asked for. Within it
 * the route skips BullMQ's add (a heavy script per push in a storm); past it, a job lost
 * to a crash between this script and the add is asked for again by the next push.
 */
export const JOB_FLAG_TTL_MS = 5_000;

/**
 * Takes one push: marks its retry key and, the first time only, appends the event to the
 * account's pending list, in one script so a retry racing the first delivery cannot add
 * it twice. `event` null (a push the system only acknowledges) marks the key only. Also
 * sets the account's job flag when there is an event: 1 = no job was flagged, ask for one.
 *
 * KEYS[1] the push's dedup key, KEYS[2] the account's pending list, KEYS[3] the job flag
 * ARGV[1] dedup TTL in seconds, ARGV[2] the event as JSON, or '' for none, ARGV[3] flag TTL ms
 * Returns {1 new / 0 retry, 1 enqueue a job / 0 one is flagged}.
 */
const TAKE_PUSH_LUA = `
local fresh = 0
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) then
  fresh = 1
  if ARGV[2] ~= '' then
    redis.call('RPUSH', KEYS[2], ARGV[2])
  end
end
if ARGV[2] == '' then
  return {fresh, 0}
end
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', tonumber(ARGV[3])) then
  return {fresh, 1}
end
return {fresh, 0}
`;

interface PushCommands {
  takePush(
    dedupKey: string,
    pendingKey: string,
    flagKey: string,
    ttlSec: number,
    event: string,
    flagTtlMs: number,
  ): Promise<[number, number]>;
}

const registered = new WeakSet<RedisClient>();

function commands(redis: RedisClient): PushCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('takePush', { numberOfKeys: 3, lua: TAKE_PUSH_LUA });
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

  /**
   * `fresh`: the push is new (false: a retry of one already taken). `enqueue`: no
   * push-events job is flagged as waiting; the caller adds one.
   */
  async take(
    accountId: string,
    dedupId: string,
    event: PushEvent | null,
  ): Promise<{ fresh: boolean; enqueue: boolean }> {
    const [fresh, enqueue] = await commands(this.redis).takePush(
      this.keys.pushDedup(accountId, dedupId),
      this.keys.pushPending(accountId),
      this.keys.pushJobFlag(accountId),
      PUSH_DEDUP_TTL_SEC,
      event === null ? '' : JSON.stringify(event),
      JOB_FLAG_TTL_MS,
    );
    return { fresh: fresh === 1, enqueue: enqueue === 1 };
  }

  /** The job about to drain clears the flag: a push from now on asks for a new job. */
  async clearJobFlag(accountId: string): Promise<void> {
    await this.redis.del(this.keys.pushJobFlag(accountId));
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
