export type { AuthorizationRecord, AuthorizationState, AuthorizationStore } from './authorization-store.js';
export { authorizerTokenSource } from './authorizer-token-source.js';
export { componentApp, componentTokenSource } from './component-token.js';
export { AuthorizationRevokedError, NotAuthorizedError } from './errors/index.js';
export { UnreadableAuthorizationError } from './errors/unreadable-authorization-error.js';
export { openPlatformStores, type PlatformStores, redisPlatformStores } from './platform-stores.js';
export { createPlatformTokens, type PlatformTokens } from './platform-tokens.js';
export { openPostgresPlatformStores } from './postgres-platform-stores.js';
export { type StoredTicket, TICKET_VALIDITY_MS, type TicketStore, ticketValid } from './ticket-store.js';
