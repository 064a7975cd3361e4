export { type ApiConfig, assertApiConfig } from './api-config.js';
export { API_ERROR_STATUS, ApiError, type ApiErrorBody, type ApiErrorCode } from './api-errors.js';
export { type ApiOperations, operationsFrom } from './api-operations.js';
export { BOARD_PATH } from './board.js';
export type { BoardCredentials } from './board-gate.js';
export { type ApiDeps, BODY_LIMIT, buildApi, MAX_PARAM_LENGTH } from './build-api.js';
export type { JobView } from './job-view.js';
export { OFFICIAL_API_PREFIX } from './official-api.js';
export { type RunningApi, type StartApiConfig, startApi } from './start-api.js';
