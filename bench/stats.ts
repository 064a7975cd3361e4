/** Median, min and max of one figure over several runs: what the table prints. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarize(runs: readonly number[]): Summary {
  if (runs.length === 0) throw new Error('summarize: no runs');
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0]!, max: sorted.at(-1)!, runs: [...runs] };
}

/** Nearest-rank percentile of an ascending list (p in 0..100); the median interpolates for even lengths. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile: empty list');
  if (p === 50 && sorted.length % 2 === 0) {
    const mid = sorted.length / 2;
    return (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Runs `measure` `runs` times, one after another, and summarizes each named figure it returns. */
export async function repeat<K extends string>(
  runs: number,
  measure: (run: number) => Promise<Record<K, number>>,
): Promise<Record<K, Summary>> {
  const samples: Array<Record<K, number>> = [];
  for (let run = 0; run < runs; run++) samples.push(await measure(run));
  const keys = Object.keys(samples[0]!) as K[];
  return Object.fromEntries(keys.map((k) => [k, summarize(samples.map((s) => s[k]))])) as Record<K, Summary>;
}
