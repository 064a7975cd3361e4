export {
  type Account,
  type OwnSecretAccount,
  type PlatformAccount,
  type PushSecrets,
  type Schedule,
  SYNC_KINDS,
  type SyncKind,
} from './account.js';
export { type AccountMode, accountMode } from './account-mode.js';
export { ConfigError, type ConfigProblem } from './config-error.js';
export {
  ENV_VAR_NAMES,
  type EnvVarName,
  LOG_LEVELS,
  type LogLevel,
  TOKEN_ENDPOINTS,
  type TokenEndpoint,
} from './env-schema.js';
export { type AppConfig, type EnvSettings, loadConfig, parseEnvSettings } from './load-config.js';
export { formatConfigError, loadConfigOrExit } from './load-config-or-exit.js';
export { isLoopbackHost } from './loopback.js';
export type { SecretsMode } from './parse-accounts.js';
export type { Platform } from './platform.js';
export { MIN_SCHEDULE_MS } from './schedule.js';
export { Sensitive } from './sensitive.js';
export type { TokenClient } from './token-client.js';
export { parseTokenClients } from './token-clients-file.js';
