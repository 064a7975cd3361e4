import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireTool } from './require-tool.js';

/** The PostgreSQL every test talks to (a real one; .ci/run starts it if needed). */
export const TEST_PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every test connection gives up after this long: a missing or silent server fails, never hangs. */
const CONNECT_TIMEOUT_MS = 5_000;

/** True when TEST_PG_URL accepts a connection and a query (asked once per test file). */
async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: TEST_PG_URL,
    connectionTimeoutMillis: 2_000,
    query_timeout: 2_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `describe` for suites that need PostgreSQL: skipped with one line where none answers at
 * TEST_PG_URL (a fresh machine with only Node and Redis), failing under CI's switch.
 */
export const describeWithPostgres = requireTool(
  'PostgreSQL',
  'apt-get install postgresql, database "test" for user postgres on 127.0.0.1:5432, or set PG_TEST_URL',
  await postgresAnswers(),
);

export interface TestSchema {
  /** e.g. `t_store_3f9a1c07`: a schema no other test file or run shares. */
  name: string;
  /** TEST_PG_URL with `search_path` set to the schema, so the store creates its tables there. */
  url: string;
  /** A connection for the test's own checks, also on the schema. */
  admin: pg.Client;
  /** Drops the schema with everything in it and closes `admin`. */
  drop(): Promise<void>;
}

/** Tests isolate by schema, as Redis tests do by key prefix. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = withSearchPath(TEST_PG_URL, name);
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    url,
    admin,
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA ${name} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
