import type { Pool, PoolClient } from 'pg';
import { emptyKindState, type KindState, type SyncState, type SyncStoreKind } from '../sync-state.js';
import { SAVE_STATE_SQL } from './record-tables.js';

const KINDS: readonly SyncStoreKind[] = ['articles', 'followers', 'materials'];

/** Replaces one kind's state; runs inside the caller's fenced transaction, beside the page's records. */
export async function saveState(
  client: PoolClient,
  accountId: string,
  kind: SyncStoreKind,
  state: KindState,
): Promise<void> {
  await client.query(SAVE_STATE_SQL, [accountId, kind, JSON.stringify(state)]);
}

/** Every kind's state, the empty one for a kind never written. One query, so the kinds are read together. */
export async function readSyncState(pool: Pool, accountId: string): Promise<SyncState> {
  const { rows } = await pool.query<{ kind: string; state: KindState }>(
    'SELECT kind, state FROM sync_state WHERE account_id = $1',
    [accountId],
  );
  const byKind = new Map(rows.map((r) => [r.kind, r.state]));
  const entries = KINDS.map((kind) => [kind, byKind.get(kind) ?? emptyKindState()] as const);
  return Object.fromEntries(entries) as SyncState;
}
