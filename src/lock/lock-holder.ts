/** Who holds an account lock, as recorded by the acquire script (for diagnosis and cleanup). */
export interface LockHolder {
  /** The unique owner token stored as the lock's value; forceRelease needs it. */
  owner: string;
  jobId: string;
  host: string;
  pid: number;
  /** When the lock was taken, epoch ms. */
  since: number;
  fence: number;
}

/**
 * A holder from the fields of the holder hash (HGETALL as an object), or null when the
 * hash is absent or incomplete: a half-readable holder must not look like a real one
 * to a cleanup that acts on it.
 */
export function holderFromHash(hash: Record<string, string>): LockHolder | null {
  const { owner, jobId, host } = hash;
  const pid = toInteger(hash.pid);
  const since = toInteger(hash.since);
  const fence = toInteger(hash.fence);
  if (!owner || jobId === undefined || host === undefined) return null;
  if (pid === null || since === null || fence === null) return null;
  return { owner, jobId, host, pid, since, fence };
}

/** Lua returns HGETALL as a flat `[field, value, field, value, …]` array. */
export function hashFromFlatArray(flat: readonly unknown[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    hash[String(flat[i])] = String(flat[i + 1]);
  }
  return hash;
}

function toInteger(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}
