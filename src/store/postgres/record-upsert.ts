import type { PoolClient } from 'pg';
import type { WriteResult } from '../sync-store.js';

/** A records table: `(account_id, <id>)` primary key, the record as `data jsonb`, plus columns for queries. */
export interface RecordTable {
  table: string;
  idColumn: string;
  /** Extra columns, `[name, SQL type]`, filled from the same-named fields of each row. */
  columns: ReadonlyArray<readonly [string, string]>;
  /** SET clauses for the extra columns on update; default `<col> = EXCLUDED.<col>` each. */
  updateSet?: string;
  /** Besides a changed record, when an existing row must still be written (OR-ed into the WHERE). */
  alsoUpdateWhen?: string;
}

/** One row to upsert: `id`, the record (`data`), and one field per extra column. */
export type RecordRow = { id: string; data: unknown } & Record<string, unknown>;

/**
 * Builds one statement that upserts a batch and counts, per row, added / updated /
 * unchanged against what was stored before it ran (jsonb equality, so key order never
 * counts as a change). A data-modifying CTE runs to completion even though the final
 * SELECT does not read it, and `old` sees the rows as they were before the statement.
 * Unchanged rows are not rewritten (no dead tuples for a re-run page). Table and column
 * names come from this module's callers, never from input.
 */
export function upsertRecordsSql(t: RecordTable): string {
  const cols = t.columns.map(([name]) => name);
  const typed = t.columns.map(([name, type]) => `, ${name} ${type}`).join('');
  const set = t.updateSet ?? cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const alsoWhen = t.alsoUpdateWhen ? ` OR (${t.alsoUpdateWhen})` : '';
  return `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(id text, data jsonb${typed})
), old AS (
  SELECT r.${t.idColumn} AS id, r.data FROM ${t.table} r
  WHERE r.account_id = $1 AND r.${t.idColumn} IN (SELECT id FROM input)
), written AS (
  INSERT INTO ${t.table} AS r (account_id, ${t.idColumn}, data${cols.map((c) => `, ${c}`).join('')})
  SELECT $1, id, data${cols.map((c) => `, ${c}`).join('')} FROM input
  ON CONFLICT (account_id, ${t.idColumn}) DO UPDATE SET data = EXCLUDED.data${set ? `, ${set}` : ''}
  WHERE r.data IS DISTINCT FROM EXCLUDED.data${alsoWhen}
)
SELECT
  count(*) FILTER (WHERE old.id IS NULL) AS added,
  count(*) FILTER (WHERE old.id IS NOT NULL AND old.data IS DISTINCT FROM input.data) AS updated,
  count(*) FILTER (WHERE old.data IS NOT DISTINCT FROM input.data) AS unchanged
FROM input LEFT JOIN old ON old.id = input.id`;
}

/** Runs the upsert of `rows` (one per id: the caller dedupes) and returns its counts. */
export async function upsertRecords(
  client: PoolClient,
  sql: string,
  accountId: string,
  rows: RecordRow[],
): Promise<WriteResult> {
  if (rows.length === 0) return { added: 0, updated: 0, unchanged: 0 };
  const { rows: counts } = await client.query<Record<keyof WriteResult, string>>(sql, [
    accountId,
    JSON.stringify(rows),
  ]);
  const c = counts[0];
  return {
    added: Number(c?.added ?? 0),
    updated: Number(c?.updated ?? 0),
    unchanged: Number(c?.unchanged ?? 0),
  };
}
