/*
 * Datacube days are Beijing days (UTC+8, no daylight saving), written YYYY-MM-DD.
 * Hand-written rather than a date library: fixed offset, whole days, a few lines.
 */

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** A day's figures are ready after 08:00 Beijing time (wechat-api.md, datacube). */
const READY_HOUR = 8;
/** WeChat has no datacube figures before this day. */
export const FIRST_DATACUBE_DAY = '2014-12-01';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(text: string): boolean {
  return DAY.test(text) && dayToUtcMs(text) !== null;
}

function dayToUtcMs(day: string): number | null {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? null : ms;
}

/** The Beijing day an instant falls on. */
export function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const ms = dayToUtcMs(day);
  if (ms === null) throw new RangeError(`not a day: ${day}`);
  return new Date(ms + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(((dayToUtcMs(to) ?? 0) - (dayToUtcMs(from) ?? 0)) / DAY_MS);
}

/** Every day from `from` to `to`, both included, oldest first. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Unix seconds of a day's Beijing midnight. */
export function beijingMidnightSec(day: string): number {
  return Math.floor(((dayToUtcMs(day) ?? 0) - BEIJING_OFFSET_MS) / 1000);
}

/**
 * The newest day WeChat serves: yesterday (Beijing) once it is past 08:00 there, the
 * day before otherwise.
 */
export function latestReadyDay(nowMs: number): string {
  const local = new Date(nowMs + BEIJING_OFFSET_MS);
  const today = local.toISOString().slice(0, 10);
  return addDays(today, local.getUTCHours() >= READY_HOUR ? -1 : -2);
}

/** The days the analytics sync keeps complete: the last `days` ready days, never before 2014-12-01. */
export function backfillWindow(nowMs: number, days: number): { from: string; to: string } {
  const to = latestReadyDay(nowMs);
  const from = addDays(to, -(days - 1));
  return { from: from < FIRST_DATACUBE_DAY ? FIRST_DATACUBE_DAY : from, to };
}
