import { type RecordTable, upsertRecordsSql } from './record-upsert.js';

export const ARTICLES_TABLE: RecordTable = {
  table: 'articles',
  idColumn: 'article_id',
  columns: [['update_time', 'bigint']],
};

export const MATERIALS_TABLE: RecordTable = {
  table: 'materials',
  idColumn: 'media_id',
  columns: [
    ['type', 'text'],
    ['update_time', 'bigint'],
  ],
};

/**
 * `seen_pass` moves only for a subscribed follower (an unsubscribed one keeps the pass
 * that last saw it), and must move even when the user info itself is unchanged.
 */
export const FOLLOWERS_TABLE: RecordTable = {
  table: 'followers',
  idColumn: 'openid',
  columns: [
    ['subscribed', 'boolean'],
    ['seen_pass', 'bigint'],
  ],
  updateSet:
    'subscribed = EXCLUDED.subscribed, ' +
    'seen_pass = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.seen_pass ELSE r.seen_pass END',
  alsoUpdateWhen: 'EXCLUDED.subscribed AND r.seen_pass IS DISTINCT FROM EXCLUDED.seen_pass',
};

export const UPSERT_ARTICLES_SQL = upsertRecordsSql(ARTICLES_TABLE);
export const UPSERT_MATERIALS_SQL = upsertRecordsSql(MATERIALS_TABLE);
export const UPSERT_FOLLOWERS_SQL = upsertRecordsSql(FOLLOWERS_TABLE);

/**
 * Newest first by (update_time, article_id), both descending, after the cursor's
 * position when there is one: $2/$3 = the cursor's update time and id, or NULLs.
 * Served by the articles_newest_first index.
 */
export const LIST_ARTICLES_SQL = `
SELECT data, update_time, article_id FROM articles
WHERE account_id = $1 AND ($2::bigint IS NULL OR (update_time, article_id) < ($2::bigint, $3::text COLLATE "C"))
ORDER BY update_time DESC, article_id DESC
LIMIT $4`;

/** Marks `seen` followers (only those stored as subscribed) as seen in a pass; $3 = openids to leave alone. */
export const MARK_SEEN_SQL = `
WITH target AS (
  SELECT openid, seen_pass FROM followers
  WHERE account_id = $1 AND subscribed AND openid = ANY($2::text[]) AND NOT (openid = ANY($3::text[]))
), marked AS (
  UPDATE followers f SET seen_pass = $4 FROM target t
  WHERE f.account_id = $1 AND f.openid = t.openid AND t.seen_pass IS DISTINCT FROM $4
)
SELECT count(*) AS seen FROM target`;

/**
 * Up to $3 subscribed followers not seen in pass $2 or later, marked unsubscribed at $4
 * (Unix ms) with the rest of their record kept. Ordered so a sweep in several calls
 * walks the index instead of rescanning.
 */
export const SWEEP_SQL = `
UPDATE followers f
SET subscribed = false, data = f.data || jsonb_build_object('subscribed', false, 'unsubscribedAt', $4::bigint)
FROM (
  SELECT openid FROM followers
  WHERE account_id = $1 AND subscribed AND seen_pass < $2
  ORDER BY seen_pass, openid
  LIMIT $3
) due
WHERE f.account_id = $1 AND f.openid = due.openid`;

export const SUBSCRIBED_AMONG_SQL = `
SELECT openid FROM followers WHERE account_id = $1 AND subscribed AND openid = ANY($2::text[])`;

export const COUNT_FOLLOWERS_SQL = `
SELECT count(*) FILTER (WHERE subscribed) AS subscribed, count(*) FILTER (WHERE NOT subscribed) AS unsubscribed
FROM followers WHERE account_id = $1`;

export const COUNT_MATERIALS_SQL = `
SELECT type, count(*) AS n FROM materials WHERE account_id = $1 GROUP BY type`;

export const SAVE_STATE_SQL = `
INSERT INTO sync_state (account_id, kind, state) VALUES ($1, $2, $3::jsonb)
ON CONFLICT (account_id, kind) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`;
