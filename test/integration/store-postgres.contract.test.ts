import { PostgresSyncStore } from '../../src/store/postgres/index.js';
import { syncStoreContract } from '../contract/sync-store.contract.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestSchema, describeWithPostgres } from '../helpers/postgres.js';

/**
 * PostgreSQL knows only the fences that have written to it (see fenced-transaction.ts),
 * so a new holder's fence is simply one above the last handed out, as the lock's INCR does.
 */
describeWithPostgres('PostgreSQL store', () =>
  syncStoreContract(
    'postgres',
    async () => {
      const schema = await createTestSchema('store_contract');
      const store = await PostgresSyncStore.open({
        connectionString: schema.url,
        logger: captureLog('warn').logger,
      });
      const fences = new Map<string, number>();
      return {
        store,
        newHolder: async (accountId) => {
          const next = (fences.get(accountId) ?? 0) + 1;
          fences.set(accountId, next);
          return next;
        },
        failStateWritesAfterRecords: async (accountId) => {
          // A trigger on the state table: the records of the page are already written when it fires.
          await schema.admin.query(`
        CREATE OR REPLACE FUNCTION fail_state_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.account_id = TG_ARGV[0] THEN RAISE EXCEPTION 'injected state write failure'; END IF;
          RETURN NEW;
        END $$`);
          await schema.admin.query(
            `CREATE TRIGGER fail_state_write BEFORE INSERT OR UPDATE ON sync_state
         FOR EACH ROW EXECUTE FUNCTION fail_state_write('${accountId}')`,
          );
          return async () => {
            await schema.admin.query('DROP TRIGGER fail_state_write ON sync_state');
          };
        },
        teardown: async () => {
          await store.close();
          await schema.drop();
        },
      };
    },
    { faultHook: true },
  ),
);
