import type { Pool, PoolClient } from 'pg';
import { StaleFenceError } from '../../lock/index.js';

/**
 * Runs `work` in one transaction that first claims the account's fence, and commits
 * only if the writer is not stale.
 *
 * The lock's fence counter lives in Redis, which a PostgreSQL transaction cannot read
 * atomically with its own writes. So each account has a row in `account_fence` with the
 * highest fence that has written. The claim is one upsert that raises it with GREATEST
 * and returns it; the upsert row-locks it until COMMIT, so every write of one account is
 * serialised on that row (the insert path covers an account's very first write, where a
 * `SELECT … FOR UPDATE` would find no row to lock). A returned fence above the writer's
 * means a newer holder has written: ROLLBACK, StaleFenceError, nothing written.
 *
 * The guarantee is therefore "refused once a newer holder has written", weaker than the
 * Redis store's "refused once a newer holder has taken the lock": a stale write that
 * lands between the newer holder's acquire and its first write is committed, but it is
 * serialised before every write of the newer holder, which overwrites what it touched.
 */
export async function withFencedTransaction<T>(
  pool: Pool,
  accountId: string,
  fence: number,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ fence: string }>(
      `INSERT INTO account_fence AS f (account_id, fence) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE
         SET fence = GREATEST(f.fence, EXCLUDED.fence), updated_at = now()
       RETURNING f.fence`,
      [accountId, fence],
    );
    // bigint comes back as a string; fences are safe integers (checked by the callers).
    const currentFence = Number(rows[0]?.fence);
    if (currentFence > fence) throw new StaleFenceError({ accountId, fence, currentFence });
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    broken = await rollback(client);
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Rolls back after a failed step; true when even that failed, so the caller destroys
 * the connection instead of pooling one that may still be inside a transaction.
 */
export async function rollback(client: PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return false;
  } catch {
    return true;
  }
}
