import type { Pool, PoolClient } from 'pg';
import { rollback } from './fenced-transaction.js';
import type { Migration } from './migrations.js';
import { SchemaTooNewError } from './schema-too-new-error.js';

export interface MigrateResult {
  /** Versions this call applied, in order; [] when the schema was already current. */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

/**
 * Brings the schema of the connection's `search_path` to the last of `migrations`.
 *
 * Hand-written (about 60 lines) rather than node-pg-migrate or postgrator: both load
 * migration files from a directory at run time, while ours are compiled-in constants
 * (nothing to ship beside dist), and all we need is "apply what is missing, once".
 *
 * Everything runs in ONE transaction under a transaction-scoped advisory lock keyed by
 * the schema: two processes starting together serialise, the second finds nothing left
 * to do, and a failing migration rolls back every step of this run (PostgreSQL DDL is
 * transactional), leaving the schema as it was.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[]): Promise<MigrateResult> {
  checkSequence(migrations);
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await migrateLocked(client, migrations);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    broken = await rollback(client);
    throw err;
  } finally {
    client.release(broken);
  }
}

async function migrateLocked(client: PoolClient, migrations: readonly Migration[]): Promise<MigrateResult> {
  // Taken before CREATE TABLE IF NOT EXISTS: two concurrent creates of one table can
  // both pass the IF NOT EXISTS check and one then fails on the catalog's unique index.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('wechat-sync:migrate:' || current_schema()))`);
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  const current = rows[0]?.version ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw new SchemaTooNewError({ databaseVersion: current, knownVersion: known });
  const applied: number[] = [];
  for (const migration of migrations.filter((m) => m.version > current)) {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
    applied.push(migration.version);
  }
  return { applied, version: Math.max(current, known) };
}

/** A gap or a reordering would let a database skip a migration for good. */
function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new RangeError(`migration #${i} has version ${migration.version}, expected ${i + 1}`);
    }
  });
}
