const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
];

/**
 * Exact and compact: `15m`, `1h30m`, `7m12.345s`. The `ms` package rounds (90 minutes
 * prints as `2h`), which would misstate an interval or an offset.
 */
export function formatDuration(totalMs: number): string {
  if (totalMs === 0) return '0s';
  let rest = Math.abs(Math.round(totalMs));
  let out = totalMs < 0 ? '-' : '';
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0) out += `${Number((rest / 1000).toFixed(3))}s`;
  return out;
}
