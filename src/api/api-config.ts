import type { ConsoleLang } from '../config/env-schema.js';
import { ConfigError, isLoopbackHost, type PushSecrets, type Sensitive } from '../config/index.js';
import type { BoardCredentials } from './board-gate.js';

/** The part of the app configuration the HTTP API reads (AppConfig satisfies it). */
export interface ApiConfig {
  host: string;
  port: number;
  apiToken: Sensitive | null;
  /** The operator credential of the board and console (BOARD_USER/BOARD_PASSWORD). */
  board: BoardCredentials | null;
  /** The viewer credential (BOARD_VIEWER_USER/BOARD_VIEWER_PASSWORD): read-only board and console; absent = none. */
  boardViewer?: BoardCredentials | null;
  /** The console's language setting; absent = 'auto'. */
  consoleLang?: ConsoleLang;
  /** Third-party platform links (AppConfig's PUBLIC_URL, WECHAT_MP_BASE, WECHAT_OPEN_BASE); absent = none / WeChat's. */
  publicUrl?: string | null;
  wechatMpBase?: string;
  wechatOpenBase?: string;
  /** appId and push are read by the push routes (accounts without push get 404 there). */
  accounts: ReadonlyArray<{ accountId: string; appId?: string; push?: PushSecrets }>;
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
