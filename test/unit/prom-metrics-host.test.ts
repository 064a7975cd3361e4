import { describe, expect, test } from '@jest/globals';
import { PromMetrics } from '../../src/metrics/index.js';

describe('PromMetrics host label (HOST_ID)', () => {
  test('every series carries the host it was built with', async () => {
    const metrics = new PromMetrics({ host: 'worker-b' });
    metrics.lockBusy();
    const text = await metrics.registry.metrics();
    const series = text.split('\n').filter((line) => line.startsWith('wechat_sync_lock_busy_redelays_total'));
    expect(series).toEqual(['wechat_sync_lock_busy_redelays_total{host="worker-b"} 1']);
  });

  test('without a host, no host label', async () => {
    const metrics = new PromMetrics();
    metrics.lockBusy();
    expect(await metrics.registry.metrics()).not.toContain('host=');
  });
});
