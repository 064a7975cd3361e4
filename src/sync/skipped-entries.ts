import type { SyncKind } from '../config/index.js';
import type { RejectedItem } from '../wechat/types.js';
import type { KindSummary, SyncContext, SyncProgress } from './sync-context.js';

/** Ids a summary and the job's progress keep: enough to find the entries, bounded however many there are. */
export const MAX_SKIPPED_IDS = 20;

/**
 * Counts the malformed entries of a page and names each in a warn line; the rest of the
 * page is stored. The entry is asked for again on the next pass, so a fault WeChat
 * fixes heals by itself, and one it does not stays visible without failing the account.
 */
export function noteSkipped(
  ctx: SyncContext,
  summary: KindSummary,
  kind: SyncKind,
  idKey: string,
  rejected: readonly RejectedItem[],
): void {
  for (const entry of rejected) {
    const id = entry.id ?? '(no id)';
    summary.skipped += 1;
    if (summary.skippedIds.length < MAX_SKIPPED_IDS) summary.skippedIds.push(id);
    ctx.logger.warn(
      { kind, [idKey]: entry.id, problem: entry.problem },
      `skipped a malformed ${kind} entry from WeChat (${idKey} ${id}): ${entry.problem}`,
    );
  }
}

/** The progress fields of skipped entries, only when there are any (progress stays as it was otherwise). */
export function skippedProgress(summary: KindSummary): Pick<SyncProgress, 'skipped' | 'skippedIds'> {
  return summary.skipped > 0 ? { skipped: summary.skipped, skippedIds: [...summary.skippedIds] } : {};
}
