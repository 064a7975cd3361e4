import { withFenceGuard } from '../lock/index.js';
import { INDEX_TIME_DIGITS } from './list-index.js';

/**
 * Upsert records of one account and kind, refusing a stale writer first. String
 * constants, not `.lua` files, because tsc does not copy `.lua` files to dist. The keys
 * share the account's `{…}` hash tag, so the script also runs on Redis Cluster.
 *
 * KEYS[1] fence counter of the account, KEYS[2] data hash (field = id, value = canonical
 * JSON), KEYS[3] listing index (sorted set, see list-index.ts)
 * ARGV[1] the writer's fence, then one triple per record from ARGV[2]:
 * id, index member, canonical JSON (which carries `updateTime`)
 *
 * Returns {added, updated, unchanged}; or the STALE_FENCE error reply, with nothing written.
 *
 * All reads and decoding happen before the first write: Redis does not roll a script
 * back when it fails half-way, so a record that cannot be decoded must stop the script
 * while nothing has been written yet.
 */
export const UPSERT_RECORDS_LUA = withFenceGuard(`
local changed = {}
local added, updated, unchanged = 0, 0, 0
for i = 2, #ARGV, 3 do
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
return {added, updated, unchanged}
`);
