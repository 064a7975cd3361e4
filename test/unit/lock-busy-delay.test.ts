import { expect, test } from '@jest/globals';
import { lockBusyDelay } from '../../src/worker/lock-busy-delay.js';

const settings = { minMs: 1_000, maxMs: 15_000 };

test('waits about a quarter of the holder TTL, with jitter up to double', () => {
  expect(lockBusyDelay(20_000, settings, () => 0)).toBe(5_000);
  expect(lockBusyDelay(20_000, settings, () => 0.999)).toBe(9_995);
});

test('is bounded below and above', () => {
  expect(lockBusyDelay(0, settings, () => 0)).toBe(1_000);
  expect(lockBusyDelay(10 * 60_000, settings, () => 0)).toBe(15_000);
});
