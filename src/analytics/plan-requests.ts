import { addDays, dayRange } from './beijing-days.js';

export interface DayRequest {
  begin: string;
  end: string;
}

/**
 * The datacube requests that fill the missing days of a window, oldest first: runs of
 * consecutive missing days cut at the API's largest span, at most `maxCalls`. Pure. A
 * failed day is simply missing, so it is planned again on the next pass, in its place;
 * the rest of a long backfill waits for the next pass.
 */
export function planRequests(
  window: { from: string; to: string },
  stored: ReadonlySet<string>,
  span: number,
  maxCalls: number,
): DayRequest[] {
  const requests: DayRequest[] = [];
  let current: DayRequest | null = null;
  for (const day of dayRange(window.from, window.to)) {
    if (stored.has(day)) {
      current = null;
      continue;
    }
    if (current !== null && addDays(current.begin, span - 1) >= day) {
      current.end = day;
      continue;
    }
    if (requests.length >= maxCalls) break;
    current = { begin: day, end: day };
    requests.push(current);
  }
  return requests;
}
