export type { AppConfigInput, FaultInput, FaultKind } from './config.js';
export { FAULT_KINDS } from './config.js';
export { SimulatorControl, SimulatorControlError } from './control-client.js';
export type { HeldCall } from './held-calls.js';
export { DEFAULT_DAILY_QUOTAS } from './quotas.js';
export { type SimulatorHandle, type SimulatorOptions, startSimulator } from './server.js';
export { SimulatorState } from './state.js';
export type { AppStats } from './stats.js';
export { IP_ERROR_SHAPES, type IpErrorShape, whitelistMessage } from './whitelist-message.js';
