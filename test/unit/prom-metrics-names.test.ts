import { describe, expect, test } from '@jest/globals';
import { PromMetrics } from '../../src/metrics/index.js';

/** `name{labels} value` lines of an exposition, comments left out. */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('PromMetrics names (standard dashboards)', () => {
  test("Node's process metrics keep their standard names; ours all start with wechat_sync_", async () => {
    const metrics = new PromMetrics({ defaultMetrics: true, host: 'h1' });
    const names = new Set(
      samples(await metrics.registry.metrics()).map((line) => line.split(/[{ ]/)[0] ?? ''),
    );
    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('process_resident_memory_bytes');
    expect(names).toContain('nodejs_heap_size_used_bytes');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    const own = [...names].filter((name) => !/^(process|nodejs)_/.test(name));
    expect(own.length).toBeGreaterThan(0);
    for (const name of own) expect(name).toMatch(/^wechat_sync_/);
    expect([...names].filter((name) => name.startsWith('wechat_sync_process'))).toEqual([]);
  });

  test('no series starts as NaN (first scrape of a fresh process)', async () => {
    const metrics = new PromMetrics({ defaultMetrics: true, host: 'h1' });
    const lines = samples(await metrics.registry.metrics());
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => /\sNaN$/.test(line))).toEqual([]);
  });
});
