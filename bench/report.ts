import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Summary } from './stats.js';

export interface Row {
  figure: string;
  unit: string;
  value: Summary;
  /** What the figure should be, when the issue names a target. */
  target?: string;
}

function fmt(n: number): string {
  if (Number.isInteger(n) || Math.abs(n) >= 100) return String(Math.round(n));
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** One Markdown table, so the README's Performance section is this output pasted. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [
    '| figure | median | min | max | unit | target |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${fmt(r.value.median)} | ${fmt(r.value.min)} | ${fmt(r.value.max)} | ${r.unit} | ${r.target ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}

export function writeResults(file: string, results: object): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
