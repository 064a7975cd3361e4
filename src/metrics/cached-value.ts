/**
 * `load` behind a cache of `ttlMs`: calls within that time share one result, and calls
 * while it is loading share the one load (a burst of scrapes costs one Redis read per
 * account, not one per scrape). A failed load is not kept, so the next call tries again.
 */
export function cachedValue<T>(load: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T> {
  let entry: { at: number; value: Promise<T> } | null = null;
  return () => {
    const at = now();
    if (entry && at - entry.at < ttlMs) return entry.value;
    const current = { at, value: load() };
    entry = current;
    current.value.catch(() => {
      if (entry === current) entry = null;
    });
    return current.value;
  };
}
