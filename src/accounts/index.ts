export { type AccountBlock, AccountBlocks } from './account-blocks.js';
export { AccountStatus, type AccountStatusRecord } from './account-status.js';
