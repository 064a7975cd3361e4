export type { AccessRole } from './access-role.js';
export { type ConsoleAccount, toConsoleAccounts } from './console-account.js';
export { accountsConsole, type ConsoleOptions } from './console-plugin.js';
export { CONSOLE_PATH } from './console-routes.js';
export { HEALTH_STATES, type HealthState, healthState } from './health-state.js';
