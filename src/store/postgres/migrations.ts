/** One schema change. `version`s are consecutive from 1 and never reused or edited once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The PostgreSQL store's schema, as TS string constants rather than `.sql` files because
 * tsc does not copy `.sql` files to dist. Append only: a released migration may already
 * have run somewhere, so a fix is a new migration.
 *
 * Ids are `COLLATE "C"` where a listing orders by them, so PostgreSQL orders them byte by
 * byte like the Redis store's lexical index does, whatever the database's locale; a
 * listing cursor then means the same thing in both stores.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sync store tables',
    sql: `
CREATE TABLE account_fence (
  account_id text PRIMARY KEY,
  fence bigint NOT NULL CHECK (fence > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE articles (
  account_id text NOT NULL,
  article_id text COLLATE "C" NOT NULL,
  update_time bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, article_id)
);
CREATE INDEX articles_newest_first ON articles (account_id, update_time DESC, article_id DESC);

CREATE TABLE followers (
  account_id text NOT NULL,
  openid text NOT NULL,
  subscribed boolean NOT NULL,
  -- The sync pass that last saw the follower on a user/get page; 0 = never seen in a pass.
  seen_pass bigint NOT NULL DEFAULT 0,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, openid)
);
CREATE INDEX followers_unsubscribe_sweep ON followers (account_id, seen_pass) WHERE subscribed;

CREATE TABLE materials (
  account_id text NOT NULL,
  media_id text NOT NULL,
  type text NOT NULL,
  update_time bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, media_id)
);
CREATE INDEX materials_by_type ON materials (account_id, type);

CREATE TABLE sync_state (
  account_id text NOT NULL,
  kind text NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, kind)
);
`,
  },
  {
    version: 2,
    name: 'follower event times',
    sql: `
-- WeChat's CreateTime (Unix seconds) of the last pushed follower event applied; 0 = none.
ALTER TABLE followers ADD COLUMN event_at bigint NOT NULL DEFAULT 0;
`,
  },
  {
    version: 3,
    name: 'third-party platform authorisations and tickets',
    sql: `
-- The crown jewels of platform mode (src/platform): an authorizer's refresh token does not
-- expire, and losing it means the account's administrator authorises again. Times are
-- epoch milliseconds, as in the Redis store.
CREATE TABLE platform_authorizations (
  platform_id text NOT NULL,
  authorizer_app_id text COLLATE "C" NOT NULL,
  refresh_token text NOT NULL,
  func_ids integer[] NOT NULL,
  authorized_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  state text NOT NULL CHECK (state IN ('authorized', 'revoked')),
  revoked_at bigint,
  PRIMARY KEY (platform_id, authorizer_app_id)
);

-- The last valid component_verify_ticket of each platform.
CREATE TABLE platform_tickets (
  platform_id text PRIMARY KEY,
  ticket text NOT NULL,
  created_at bigint NOT NULL
);
`,
  },
];
