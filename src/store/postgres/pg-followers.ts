import type { Pool } from 'pg';
import { checkPass, checkState, checkSweepLimit, latestById } from '../store-checks.js';
import type { FollowerCounts } from '../stored-follower.js';
import type { KindState } from '../sync-state.js';
import type { FollowerWrite, UnsubscribeSweep, WriteResult } from '../sync-store.js';
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

  async count(accountId: string): Promise<FollowerCounts> {
    const { rows } = await this.pool.query<Record<keyof FollowerCounts, string>>(COUNT_FOLLOWERS_SQL, [
      accountId,
    ]);
    return { subscribed: Number(rows[0]?.subscribed ?? 0), unsubscribed: Number(rows[0]?.unsubscribed ?? 0) };
  }
}
