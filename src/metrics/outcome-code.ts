/**
 * The reason code of an error for logs and metric labels: `TransientError` →
 * `TRANSIENT`, `LockLostError` → `LOCK_LOST`, anything unnamed → `ERROR`. Error class
 * names are literals (see src/wechat/errors), so the set of codes stays small.
 */
export function outcomeCodeOf(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const stem = name.endsWith('Error') ? name.slice(0, -'Error'.length) : name;
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(stem)) return 'ERROR';
  return stem
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}
