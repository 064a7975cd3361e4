export type { AuthorizationRecord, AuthorizationState, AuthorizationStore } from './authorization-store.js';
export { openPlatformStores, type PlatformStores, redisPlatformStores } from './platform-stores.js';
export { openPostgresPlatformStores } from './postgres-platform-stores.js';
export { type StoredTicket, TICKET_VALIDITY_MS, type TicketStore, ticketValid } from './ticket-store.js';
export { UnreadableAuthorizationError } from './unreadable-authorization-error.js';
