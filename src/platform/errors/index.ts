export { AuthorizationRevokedError } from './authorization-revoked-error.js';
export { NotAuthorizedError } from './not-authorized-error.js';
export { UnreadableAuthorizationError } from './unreadable-authorization-error.js';
