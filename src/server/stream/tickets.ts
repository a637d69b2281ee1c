/**
 * Stream tickets: EventSource cannot send an Authorization header, so a client that holds a token trades it
 * (`POST /api/v1/stream/tickets`) for a ticket it puts in the stream's URL. A ticket is random, opens one stream
 * once, and expires after a short while, so one that leaks into a log or a proxy's history is worth nothing; the
 * token itself never appears in a URL.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../store/index.js';

export const TICKET_TTL_MS = 30_000;

export interface Principal {
  id: string;
  name: string;
  role: Role;
}

export class StreamTickets {
  private readonly issued = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(principal: Principal): { ticket: string; expiresAt: number } {
    this.dropExpired();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + TICKET_TTL_MS;
    this.issued.set(ticket, { principal, expiresAt });
    return { ticket, expiresAt };
  }

  /** The principal a ticket was issued to, once: a ticket redeemed, expired or unknown gives undefined. */
  redeem(ticket: string): Principal | undefined {
    const entry = this.issued.get(ticket);
    this.issued.delete(ticket);
    return entry !== undefined && entry.expiresAt > this.now() ? entry.principal : undefined;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [ticket, entry] of this.issued) if (entry.expiresAt <= now) this.issued.delete(ticket);
  }
}
