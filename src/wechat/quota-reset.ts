const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** WeChat resets daily API quotas at midnight China Standard Time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Epoch ms of the first midnight in China time strictly after `now` (45009 daily quota). */
export function nextChinaMidnight(now: number): number {
  const chinaDay = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS);
  return (chinaDay + 1) * DAY_MS - CHINA_OFFSET_MS;
}

/** Epoch ms of the start of the minute after `now` (45011 per-minute frequency limit). */
export function nextMinute(now: number): number {
  return (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
}
