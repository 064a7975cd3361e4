/**
 * The quota column: of the quota answers the workers stored for an account (the ApiQuotas
 * hash, read as HGETALL's flat [path, json, …] reply), the API with the smallest share left,
 * as `/cgi-bin/user/get 12/500`. Null when none is stored or none can be read. Pure.
 */
export function quotaLeft(flat: unknown): string | null {
  if (!Array.isArray(flat)) return null;
  let worst: { path: string; remain: number; dailyLimit: number } | null = null;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const [path, json] = [flat[i], flat[i + 1]];
    if (typeof path !== 'string' || typeof json !== 'string') continue;
    const q = parse(json);
    if (!q) continue;
    const share = q.remain / (q.dailyLimit || 1);
    if (!worst || share < worst.remain / (worst.dailyLimit || 1)) worst = { path, ...q };
  }
  return worst ? `${worst.path} ${worst.remain}/${worst.dailyLimit}` : null;
}

function parse(json: string): { remain: number; dailyLimit: number } | null {
  try {
    const value = JSON.parse(json) as { remain?: unknown; dailyLimit?: unknown };
    const { remain, dailyLimit } = value;
    return typeof remain === 'number' && typeof dailyLimit === 'number' ? { remain, dailyLimit } : null;
  } catch {
    // A value not written by ApiQuotas.save(): left out, as ApiQuotas.all() does.
    return null;
  }
}
