import type { Sensitive } from '../config/sensitive.js';

/** WeChat says a component_verify_ticket is valid for 12 hours (pushed every 10 minutes). */
export const TICKET_VALIDITY_MS = 12 * 60 * 60_000;

/** A platform's component_verify_ticket with WeChat's CreateTime (epoch ms). */
export interface StoredTicket {
  ticket: Sensitive;
  createdAt: number;
}

/** Still inside WeChat's 12 h validity at `now`. */
export function ticketValid(stored: StoredTicket, now: number): boolean {
  return now - stored.createdAt < TICKET_VALIDITY_MS;
}

/**
 * The last ticket of each platform, durable like the authorisations. Keyed by platform, so
 * two platforms never overwrite each other's ticket.
 */
export interface TicketStore {
  get(platformId: string): Promise<StoredTicket | null>;
  /**
   * Keeps `ticket` unless the stored one was created later: a late delivery of an older
   * push never replaces a newer ticket (an equal CreateTime is written). True when written.
   */
  save(platformId: string, ticket: StoredTicket): Promise<boolean>;
  close(): Promise<void>;
}
