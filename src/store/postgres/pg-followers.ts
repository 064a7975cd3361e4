import type { Pool } from 'pg';
import { checkPass, checkState, checkSweepLimit, latestById } from '../store-checks.js';
import type { FollowerCounts, StoredFollower } from '../stored-follower.js';
import type { KindState } from '../sync-state.js';
import type { FollowerEvent, FollowerWrite, UnsubscribeSweep, WriteResult } from '../sync-store.js';
import { withFencedTransaction } from './fenced-transaction.js';
import { saveState } from './pg-sync-state.js';
import {
  COUNT_FOLLOWERS_SQL,
  MARK_SEEN_SQL,
  SUBSCRIBED_AMONG_SQL,
  SWEEP_SQL,
  UPSERT_FOLLOWERS_SQL,
} from './record-tables.js';
import { upsertRecords } from './record-upsert.js';

const APPLY_FOLLOWER_EVENTS_SQL = `
INSERT INTO followers AS f (account_id, openid, subscribed, seen_pass, data, event_at)
SELECT $1, e.openid, e.subscribed, CASE WHEN e.subscribed THEN $4::bigint ELSE 0 END, e.data::jsonb, e.at
FROM unnest($2::text[], $3::boolean[], $5::text[], $6::bigint[]) AS e(openid, subscribed, data, at)
ON CONFLICT (account_id, openid) DO UPDATE
  SET subscribed = EXCLUDED.subscribed,
      seen_pass = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.seen_pass ELSE f.seen_pass END,
      data = EXCLUDED.data,
      event_at = EXCLUDED.event_at
  WHERE f.event_at < EXCLUDED.event_at`;

/** The followers half of PostgresSyncStore (table `followers`, see migrations.ts). */
export class PgFollowers {
  constructor(private readonly pool: Pool) {}

  async findNew(accountId: string, openids: string[]): Promise<string[]> {
    const unique = [...new Set(openids)];
    if (unique.length === 0) return [];
    const { rows } = await this.pool.query<{ openid: string }>(SUBSCRIBED_AMONG_SQL, [accountId, unique]);
    const subscribed = new Set(rows.map((r) => r.openid));
    return unique.filter((openid) => !subscribed.has(openid));
  }

  /** Users first, then the seen marks: an openid both seen and given with info counts once, as the info write. */
  async upsert(
    accountId: string,
    fence: number,
    write: FollowerWrite,
    state: KindState,
  ): Promise<WriteResult> {
    checkPass(write.pass);
    checkState('followers', state);
    const users = latestById(write.users, (u) => u.openid);
    const withInfo = users.map((u) => u.openid);
    const seen = [...new Set(write.seen)];
    const rows = users.map((u) => ({
      id: u.openid,
      data: u,
      subscribed: u.subscribed,
      seen_pass: u.subscribed ? write.pass : 0,
    }));
    return withFencedTransaction(this.pool, accountId, fence, async (client) => {
      const result = await upsertRecords(client, UPSERT_FOLLOWERS_SQL, accountId, rows);
      if (seen.length > 0) {
        const marked = await client.query<{ seen: string }>(MARK_SEEN_SQL, [
          accountId,
          seen,
          withInfo,
          write.pass,
        ]);
        result.unchanged += Number(marked.rows[0]?.seen ?? 0);
      }
      await saveState(client, accountId, 'followers', state);
      return result;
    });
  }

  async markUnsubscribed(accountId: string, fence: number, sweep: UnsubscribeSweep): Promise<number> {
    checkPass(sweep.pass);
    checkSweepLimit(sweep.limit);
    if (!Number.isSafeInteger(sweep.at) || sweep.at < 0) {
      throw new RangeError(`sweep time must be Unix ms, got ${sweep.at}`);
    }
    return withFencedTransaction(this.pool, accountId, fence, async (client) => {
      const { rowCount } = await client.query(SWEEP_SQL, [accountId, sweep.pass, sweep.limit, sweep.at]);
      return rowCount ?? 0;
    });
  }

  async get(accountId: string, openids: string[]): Promise<Map<string, StoredFollower>> {
    const unique = [...new Set(openids)];
    const found = new Map<string, StoredFollower>();
    if (unique.length === 0) return found;
    const { rows } = await this.pool.query<{ openid: string; data: StoredFollower }>(
      'SELECT openid, data FROM followers WHERE account_id = $1 AND openid = ANY($2::text[])',
      [accountId, unique],
    );
    for (const row of rows) found.set(row.openid, row.data);
    return found;
  }

  /** One statement: each event is written only where it is newer than the row's event_at. */
  async applyEvents(
    accountId: string,
    fence: number,
    events: FollowerEvent[],
    seenPass: number,
  ): Promise<{ applied: number; stale: number }> {
    checkPass(seenPass);
    const unique = latestById(events, (e) => e.openid);
    return withFencedTransaction(this.pool, accountId, fence, async (client) => {
      if (unique.length === 0) return { applied: 0, stale: 0 };
      const { rowCount } = await client.query(APPLY_FOLLOWER_EVENTS_SQL, [
        accountId,
        unique.map((e) => e.openid),
        unique.map((e) => e.record.subscribed),
        seenPass,
        unique.map((e) => JSON.stringify(e.record)),
        unique.map((e) => e.at),
      ]);
      const applied = rowCount ?? 0;
      return { applied, stale: unique.length - applied };
    });
  }

  async count(accountId: string): Promise<FollowerCounts> {
    const { rows } = await this.pool.query<Record<keyof FollowerCounts, string>>(COUNT_FOLLOWERS_SQL, [
      accountId,
    ]);
    return { subscribed: Number(rows[0]?.subscribed ?? 0), unsubscribed: Number(rows[0]?.unsubscribed ?? 0) };
  }
}
