/**
 * How long a job whose account is locked waits before it tries again: a base plus
 * random jitter, so the jobs queued behind one long sync do not all wake at once.
 */
export function lockBusyDelay(
  holderTtlMs: number,
  settings: { minMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  // Waiting about as long as the holder's lease has left is a fair guess of when it ends,
  // bounded so a long TTL does not park the job for minutes.
  const base = Math.min(Math.max(settings.minMs, holderTtlMs / 4), settings.maxMs);
  return Math.floor(base + random() * base);
}
