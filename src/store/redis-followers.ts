import { toStaleFenceError } from '../lock/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { canonicalJson } from './canonical-json.js';
import { checkPass, checkState, checkSweepLimit, latestById } from './store-checks.js';
import type { StoreCommands } from './store-commands.js';
import type { FollowerCounts, StoredFollower } from './stored-follower.js';
import type { KindState } from './sync-state.js';
import type { FollowerEvent, FollowerWrite, UnsubscribeSweep, WriteResult } from './sync-store.js';

/**
 * The followers half of RedisSyncStore. Per account: a hash openid → canonical JSON and
 * the `followersSeen` sorted set, which holds exactly the subscribed followers scored
 * with the pass that last saw each (see UPSERT_FOLLOWERS_LUA).
 */
export class RedisFollowers {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly commands: StoreCommands,
  ) {}

  async findNew(accountId: string, openids: string[]): Promise<string[]> {
    const unique = [...new Set(openids)];
    if (unique.length === 0) return [];
    const scores = await this.redis.zmscore(this.keys.followersSeen(accountId), ...unique);
    return unique.filter((_, i) => scores[i] === null);
  }

  async upsert(
    accountId: string,
    fence: number,
    write: FollowerWrite,
    state: KindState,
  ): Promise<WriteResult> {
    checkPass(write.pass);
    checkState('followers', state);
    const users = latestById(write.users, (u) => u.openid);
    const withInfo = new Set(users.map((u) => u.openid));
    // An openid both seen and given with info counts once, as the info write.
    const seen = [...new Set(write.seen)].filter((id) => !withInfo.has(id));
    const triples = users.flatMap((u) => [u.openid, canonicalJson(u), u.subscribed ? '1' : '0']);
    try {
      const [added, updated, unchanged] = await this.commands.storeUpsertFollowers(
        this.keys.fence(accountId),
        this.keys.data(accountId, 'followers'),
        this.keys.followersSeen(accountId),
        this.keys.checkpoint(accountId, 'followers'),
        fence,
        canonicalJson(state),
        write.pass,
        seen.length,
        ...seen,
        ...triples,
      );
      return { added, updated, unchanged };
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  async markUnsubscribed(accountId: string, fence: number, sweep: UnsubscribeSweep): Promise<number> {
    checkPass(sweep.pass);
    checkSweepLimit(sweep.limit);
    const seenKey = this.keys.followersSeen(accountId);
    const dataKey = this.keys.data(accountId, 'followers');
    const gone = await this.redis.zrangebyscore(seenKey, '-inf', `(${sweep.pass}`, 'LIMIT', 0, sweep.limit);
    const values = gone.length > 0 ? await this.redis.hmget(dataKey, ...gone) : [];
    const pairs = gone.flatMap((openid, i) => {
      const json = values[i];
      // A seen member always has a record (both are written by one script); skip rather than invent one.
      if (json === null || json === undefined) return [];
      const record: StoredFollower = { ...(JSON.parse(json) as StoredFollower), subscribed: false };
      record.unsubscribedAt = sweep.at;
      return [openid, canonicalJson(record)];
    });
    // Runs even with nothing to mark, so a stale writer learns it is stale.
    try {
      return await this.commands.storeMarkUnsubscribed(
        this.keys.fence(accountId),
        dataKey,
        seenKey,
        fence,
        sweep.pass,
        ...pairs,
      );
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  async get(accountId: string, openids: string[]): Promise<Map<string, StoredFollower>> {
    const unique = [...new Set(openids)];
    const found = new Map<string, StoredFollower>();
    if (unique.length === 0) return found;
    const values = await this.redis.hmget(this.keys.data(accountId, 'followers'), ...unique);
    unique.forEach((openid, i) => {
      const json = values[i];
      if (json) found.set(openid, JSON.parse(json) as StoredFollower);
    });
    return found;
  }

  async applyEvents(
    accountId: string,
    fence: number,
    events: FollowerEvent[],
    seenPass: number,
  ): Promise<{ applied: number; stale: number }> {
    checkPass(seenPass);
    const quads = latestById(events, (e) => e.openid).flatMap((e) => [
      e.openid,
      e.at,
      canonicalJson(e.record),
      e.record.subscribed ? '1' : '0',
    ]);
    try {
      const [applied, stale] = await this.commands.storeApplyFollowerEvents(
        this.keys.fence(accountId),
        this.keys.data(accountId, 'followers'),
        this.keys.followersSeen(accountId),
        this.keys.followerEventAt(accountId),
        fence,
        seenPass,
        ...quads,
      );
      return { applied, stale };
    } catch (err) {
      throw toStaleFenceError(err, accountId) ?? err;
    }
  }

  async count(accountId: string): Promise<FollowerCounts> {
    // One MULTI, so a sweep landing between the two reads cannot make the counts disagree.
    const replies = await this.redis
      .multi()
      .hlen(this.keys.data(accountId, 'followers'))
      .zcard(this.keys.followersSeen(accountId))
      .exec();
    const [total, subscribed] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return Number(value);
    });
    if (total === undefined || subscribed === undefined)
      throw new Error('follower counts: MULTI was discarded');
    return { subscribed, unsubscribed: total - subscribed };
  }
}
