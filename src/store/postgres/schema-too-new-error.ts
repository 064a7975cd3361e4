/**
 * The database was migrated by a newer release than this one: its tables may not be what
 * this code expects, so the store refuses to start rather than read or write them.
 */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError' as const;
  readonly retry = 'never' as const;
  readonly databaseVersion: number;
  readonly knownVersion: number;

  constructor(data: { databaseVersion: number; knownVersion: number }) {
    super(
      `PostgreSQL store schema is at version ${data.databaseVersion}, newer than this release knows ` +
        `(${data.knownVersion}); run a release that knows it, or point STORE_URL at another database`,
    );
    this.databaseVersion = data.databaseVersion;
    this.knownVersion = data.knownVersion;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      retry: this.retry,
      databaseVersion: this.databaseVersion,
      knownVersion: this.knownVersion,
    };
  }
}
