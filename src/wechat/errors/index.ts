export { type CredentialField, CredentialsError } from './credentials-error.js';
export { IpConfirmationError } from './ip-confirmation-error.js';
export { IpNotWhitelistedError } from './ip-not-whitelisted-error.js';
export { PermissionError } from './permission-error.js';
export { QuotaError, type QuotaScope } from './quota-error.js';
export { TokenInvalidError } from './token-invalid-error.js';
export { TransientError, type TransientKind } from './transient-error.js';
export { UnknownWeChatError } from './unknown-wechat-error.js';
export { type RetryDecision, WeChatError, type WeChatErrorData } from './wechat-error.js';
