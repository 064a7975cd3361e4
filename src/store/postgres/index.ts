export { type MigrateResult, migrate } from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { PostgresSyncStore, type PostgresSyncStoreOptions } from './postgres-sync-store.js';
export { SchemaTooNewError } from './schema-too-new-error.js';
