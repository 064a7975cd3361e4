import type { ConsoleLang } from '../config/env-schema.js';
import { ConfigError, isLoopbackHost, type Sensitive } from '../config/index.js';
import type { BoardCredentials } from './board-gate.js';

/** The part of the app configuration the HTTP API reads (AppConfig satisfies it). */
export interface ApiConfig {
  host: string;
  port: number;
  apiToken: Sensitive | null;
  board: BoardCredentials | null;
  /** The read-only credential of the console (and, once unified, Bull Board); absent = none. */
  boardViewer?: BoardCredentials | null;
  /** The console's language setting; absent = 'auto'. */
  consoleLang?: ConsoleLang;
  accounts: ReadonlyArray<{ accountId: string }>;
}

/**
 * An API without a token is only acceptable where nobody but this machine can reach it.
 * Checked here and not in the config schema because the scheduler and workers read the
 * same environment and need no token.
 */
export function assertApiConfig(config: Pick<ApiConfig, 'host' | 'apiToken'>): void {
  if (config.apiToken === null && !isLoopbackHost(config.host)) {
    throw new ConfigError('API_TOKEN', `required when HOST (${config.host}) is not a loopback address`);
  }
}
