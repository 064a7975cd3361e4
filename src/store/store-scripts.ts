import { withFenceGuard } from '../lock/index.js';
import { INDEX_TIME_DIGITS } from './list-index.js';

/*
 * The store's write scripts. String constants, not `.lua` files, because tsc does not
 * copy `.lua` files to dist. Every key of one call shares the account's `{…}` hash tag,
 * so the scripts also run on Redis Cluster.
 *
 * All reads and decoding happen before the first write: Redis does not roll a script
 * back when it fails half-way, so a record that cannot be decoded must stop the script
 * while nothing has been written yet.
 */

/**
 * Upsert records of one account and kind (articles, or one material type) together with
 * the kind's state, refusing a stale writer first.
 *
 * KEYS[1] fence counter of the account, KEYS[2] data hash (field = id, value = canonical
 * JSON), KEYS[3] listing index (sorted set, see list-index.ts), KEYS[4] the kind's state
 * ARGV[1] the writer's fence, ARGV[2] the kind's state (canonical JSON), then one
 * triple per record from ARGV[3]: id, index member, canonical JSON (which carries
 * `updateTime`)
 *
 * Returns {added, updated, unchanged}; or the STALE_FENCE error reply, with nothing written.
 */
export const UPSERT_RECORDS_LUA = withFenceGuard(`
local changed = {}
local added, updated, unchanged = 0, 0, 0
for i = 3, #ARGV, 3 do
  local id, member, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local stored = redis.call('HGET', KEYS[2], id)
  if stored == json then
    unchanged = unchanged + 1
  else
    local oldMember = false
    if stored then
      oldMember = string.format('%0${INDEX_TIME_DIGITS}d', cjson.decode(stored).updateTime) .. ':' .. id
      updated = updated + 1
    else
      added = added + 1
    end
    changed[#changed + 1] = {id, member, json, oldMember}
  end
end
for _, c in ipairs(changed) do
  if c[4] and c[4] ~= c[2] then
    redis.call('ZREM', KEYS[3], c[4])
  end
  redis.call('HSET', KEYS[2], c[1], c[3])
  redis.call('ZADD', KEYS[3], 0, c[2])
end
redis.call('SET', KEYS[4], ARGV[2])
return {added, updated, unchanged}
`);

/**
 * Upsert one followers write (FollowerWrite in sync-store.ts) with the followers state.
 * The `seen` sorted set holds exactly the subscribed followers, scored with the last
 * pass that saw each: that makes "is this openid new" one ZMSCORE and the unsubscribe
 * sweep a range query, without touching 120 000 JSON records every pass.
 *
 * KEYS[1] fence counter, KEYS[2] data hash (openid → canonical JSON), KEYS[3] seen
 * sorted set (openid → pass), KEYS[4] the followers state
 * ARGV[1] fence, ARGV[2] state (canonical JSON), ARGV[3] pass, ARGV[4] n = number of
 * seen openids, ARGV[5 .. 4+n] the seen openids, then one triple per user:
 * openid, canonical JSON, '1' subscribed / '0' not
 *
 * Returns {added, updated, unchanged}; or the STALE_FENCE error reply, with nothing written.
 */
export const UPSERT_FOLLOWERS_LUA = withFenceGuard(`
local pass = tonumber(ARGV[3])
local lastSeen = 4 + tonumber(ARGV[4])
local known = {}
local changed = {}
local added, updated, unchanged = 0, 0, 0
for i = 5, lastSeen do
  if redis.call('ZSCORE', KEYS[3], ARGV[i]) then
    known[#known + 1] = ARGV[i]
  end
end
unchanged = #known
for i = lastSeen + 1, #ARGV, 3 do
  local stored = redis.call('HGET', KEYS[2], ARGV[i])
  if stored == ARGV[i + 1] then
    unchanged = unchanged + 1
  elseif stored then
    updated = updated + 1
  else
    added = added + 1
  end
  changed[#changed + 1] = {ARGV[i], ARGV[i + 1], ARGV[i + 2], stored ~= ARGV[i + 1]}
end
for _, id in ipairs(known) do
  redis.call('ZADD', KEYS[3], pass, id)
end
for _, c in ipairs(changed) do
  if c[4] then
    redis.call('HSET', KEYS[2], c[1], c[2])
  end
  if c[3] == '1' then
    redis.call('ZADD', KEYS[3], pass, c[1])
  else
    redis.call('ZREM', KEYS[3], c[1])
  end
end
redis.call('SET', KEYS[4], ARGV[2])
return {added, updated, unchanged}
`);

/**
 * Marks followers unsubscribed. The caller read the candidates (seen score < pass) and
 * built their new records; the script writes each one only if it is still a candidate,
 * so a follower seen again meanwhile is not marked.
 *
 * KEYS[1] fence counter, KEYS[2] data hash, KEYS[3] seen sorted set
 * ARGV[1] fence, ARGV[2] pass, then one pair per follower: openid, canonical JSON
 *
 * Returns the number marked; or the STALE_FENCE error reply, with nothing written.
 */
export const MARK_UNSUBSCRIBED_LUA = withFenceGuard(`
local pass = tonumber(ARGV[2])
local marked = {}
for i = 3, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[3], ARGV[i])
  if score and tonumber(score) < pass then
    marked[#marked + 1] = i
  end
end
for _, i in ipairs(marked) do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('ZREM', KEYS[3], ARGV[i])
end
return #marked
`);

/**
 * Replaces one kind's state.
 *
 * KEYS[1] fence counter, KEYS[2] the kind's state; ARGV[1] fence, ARGV[2] state (canonical JSON)
 *
 * Returns 1; or the STALE_FENCE error reply, with nothing written.
 */
export const SAVE_STATE_LUA = withFenceGuard(`
redis.call('SET', KEYS[2], ARGV[2])
return 1
`);

/**
 * Applies pushed follower events, each only if it is newer than the last event applied
 * to that follower (WeChat's CreateTime), so retries and reordering cannot undo a later
 * event.
 *
 * KEYS[1] fence counter, KEYS[2] data hash, KEYS[3] seen sorted set, KEYS[4] event-time hash
 * ARGV[1] fence, ARGV[2] the pass a subscribed follower counts as seen in, then one
 * quad per event: openid, CreateTime, canonical JSON, '1' subscribed / '0' not
 *
 * Returns {applied, stale}; or the STALE_FENCE error reply, with nothing written.
 */
export const APPLY_FOLLOWER_EVENTS_LUA = withFenceGuard(`
local pass = tonumber(ARGV[2])
local apply = {}
local stale = 0
for i = 3, #ARGV, 4 do
  local last = tonumber(redis.call('HGET', KEYS[4], ARGV[i]) or '-1')
  if tonumber(ARGV[i + 1]) > last then
    apply[#apply + 1] = i
  else
    stale = stale + 1
  end
end
for _, i in ipairs(apply) do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  if ARGV[i + 3] == '1' then
    redis.call('ZADD', KEYS[3], pass, ARGV[i])
  else
    redis.call('ZREM', KEYS[3], ARGV[i])
  end
end
return {#apply, stale}
`);
