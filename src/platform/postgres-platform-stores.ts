import pg from 'pg';
import type { Logger } from 'pino';
import type { Sensitive } from '../config/sensitive.js';
import { migrate } from '../store/postgres/migrate.js';
import { MIGRATIONS } from '../store/postgres/migrations.js';
import type { AuthorizationRecord, AuthorizationStore } from './authorization-store.js';
import type { PlatformStores } from './platform-stores.js';
import { storedSecret } from './stored-secret.js';
import type { StoredTicket, TicketStore } from './ticket-store.js';

interface AuthorizationRow {
  authorizer_app_id: string;
  refresh_token: string;
  func_ids: number[];
  authorized_at: string;
  updated_at: string;
  state: 'authorized' | 'revoked';
  revoked_at: string | null;
}

const COLUMNS = 'authorizer_app_id, refresh_token, func_ids, authorized_at, updated_at, state, revoked_at';

function fromRow(row: AuthorizationRow): AuthorizationRecord {
  return {
    authorizerAppId: row.authorizer_app_id,
    refreshToken: storedSecret(row.refresh_token),
    funcIds: row.func_ids,
    // bigint comes back as a string; epoch milliseconds fit a double exactly.
    authorizedAt: Number(row.authorized_at),
    updatedAt: Number(row.updated_at),
    state: row.state,
    ...(row.revoked_at === null ? {} : { revokedAt: Number(row.revoked_at) }),
  };
}

/** Authorisations in `platform_authorizations` (migration 3); conditional UPDATEs are the compare-and-set. */
class PostgresAuthorizationStore implements AuthorizationStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(platformId: string, authorizerAppId: string): Promise<AuthorizationRecord | null> {
    const { rows } = await this.pool.query<AuthorizationRow>(
      `SELECT ${COLUMNS} FROM platform_authorizations WHERE platform_id = $1 AND authorizer_app_id = $2`,
      [platformId, authorizerAppId],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async put(platformId: string, r: AuthorizationRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO platform_authorizations (platform_id, ${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (platform_id, authorizer_app_id) DO UPDATE SET
         refresh_token = EXCLUDED.refresh_token, func_ids = EXCLUDED.func_ids,
         authorized_at = EXCLUDED.authorized_at, updated_at = EXCLUDED.updated_at,
         state = EXCLUDED.state, revoked_at = EXCLUDED.revoked_at`,
      [
        platformId,
        r.authorizerAppId,
        r.refreshToken.reveal(),
        r.funcIds,
        r.authorizedAt,
        r.updatedAt,
        r.state,
        r.revokedAt ?? null,
      ],
    );
  }

  async markRevoked(platformId: string, authorizerAppId: string, at: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE platform_authorizations SET state = 'revoked', revoked_at = $3, updated_at = $3
       WHERE platform_id = $1 AND authorizer_app_id = $2 AND state = 'authorized'`,
      [platformId, authorizerAppId, at],
    );
    return rowCount === 1;
  }

  async replaceRefreshToken(
    platformId: string,
    authorizerAppId: string,
    expected: Sensitive,
    next: Sensitive,
    at: number,
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE platform_authorizations SET refresh_token = $4, updated_at = $5
       WHERE platform_id = $1 AND authorizer_app_id = $2 AND state = 'authorized' AND refresh_token = $3`,
      [platformId, authorizerAppId, expected.reveal(), next.reveal(), at],
    );
    return rowCount === 1;
  }

  async list(platformId: string): Promise<AuthorizationRecord[]> {
    const { rows } = await this.pool.query<AuthorizationRow>(
      `SELECT ${COLUMNS} FROM platform_authorizations WHERE platform_id = $1 ORDER BY authorizer_app_id`,
      [platformId],
    );
    return rows.map(fromRow);
  }

  async close(): Promise<void> {
    // The pool belongs to PlatformStores.
  }
}

/** Tickets in `platform_tickets`; the upsert's WHERE keeps a newer ticket. */
class PostgresTicketStore implements TicketStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(platformId: string): Promise<StoredTicket | null> {
    const { rows } = await this.pool.query<{ ticket: string; created_at: string }>(
      'SELECT ticket, created_at FROM platform_tickets WHERE platform_id = $1',
      [platformId],
    );
    const row = rows[0];
    return row ? { ticket: storedSecret(row.ticket), createdAt: Number(row.created_at) } : null;
  }

  async save(platformId: string, stored: StoredTicket): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO platform_tickets (platform_id, ticket, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (platform_id) DO UPDATE SET ticket = EXCLUDED.ticket, created_at = EXCLUDED.created_at
       WHERE platform_tickets.created_at <= EXCLUDED.created_at`,
      [platformId, stored.ticket.reveal(), stored.createdAt],
    );
    return rowCount === 1;
  }

  async close(): Promise<void> {
    // The pool belongs to PlatformStores.
  }
}

/** Both platform stores on one small pool, the schema migrated first (as the sync store does). */
export async function openPostgresPlatformStores(opts: {
  connectionString: string;
  logger: Logger;
}): Promise<PlatformStores> {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    // A few reads per token refresh and per push: not the sync store's traffic.
    max: 4,
    application_name: 'wechat-sync-platform',
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (err) => opts.logger.warn({ err }, 'postgres idle connection error'));
  try {
    await migrate(pool, MIGRATIONS);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    authorizations: new PostgresAuthorizationStore(pool),
    tickets: new PostgresTicketStore(pool),
    backend: 'postgres',
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
