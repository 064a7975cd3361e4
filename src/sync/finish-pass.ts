import type { Checkpoint, KindState, SyncStoreKind } from '../store/index.js';
import { completedState } from './pass-state.js';
import type { KindSummary, SyncContext } from './sync-context.js';

/**
 * Ends a kind's pass the same way for every kind: the completed pass replaces the
 * checkpoint in the store (fenced like any write), and the summary says it completed.
 * An articles pass that reaches WeChat's last page writes the completed pass with that
 * page instead (sync-articles.ts); it comes here only when an incremental pass stops early.
 */
export async function finishPass(
  ctx: SyncContext,
  kind: SyncStoreKind,
  state: KindState,
  cp: Checkpoint,
  completedAt: number,
  summary: KindSummary,
): Promise<KindSummary> {
  await ctx.store.saveKindState(
    ctx.account.accountId,
    ctx.fence,
    kind,
    completedState(state, cp, completedAt),
  );
  summary.completed = true;
  return summary;
}
