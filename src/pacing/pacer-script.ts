/**
 * GCRA (generic cell rate algorithm) reservation for one app, on Redis time so the
 * hosts' clocks do not matter. Each call reserves the next free slot and returns how
 * long the caller must wait for it; slots are `interval` apart, with `burst` calls
 * allowed back to back after an idle period. One key per app, one round trip per call.
 *
 * KEYS[1] the app's pacing key (RedisKeys.appPacing): the theoretical arrival time, in µs
 * ARGV[1] interval between calls in µs, ARGV[2] burst (calls allowed back to back, ≥ 1)
 *
 * Returns the wait in µs (0 = go now). The key expires once its slot is in the past,
 * so idle apps leave nothing behind.
 */
export const RESERVE_SLOT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = interval * (tonumber(ARGV[2]) - 1)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local nextTat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1)
return wait
`;
