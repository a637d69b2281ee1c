/** Admission of syslog TCP connections: a cap per remote address, and room in a full listener made by closing the idlest. */

/** What the table needs of a connection. */
export interface Admitted {
  readonly peer: string;
  /** Milliseconds since it last read anything. */
  readonly idleMs: number;
}

export interface TableLimits {
  maxConnections: number;
  maxConnectionsPerPeer: number;
}

/** A new connection is refused, admitted as is, or admitted once `evict` is closed. */
export type Admission<T> = { admit: false } | { admit: true; evict: T | undefined };

export class ConnectionTable<T extends Admitted> {
  private readonly open = new Set<T>();
  private readonly perPeer = new Map<string, number>();

  constructor(private readonly limits: TableLimits) {}

  /** Connections admitted and not yet closed. */
  get size(): number {
    return this.open.size;
  }

  /** Connections open from `peer`. */
  countOf(peer: string): number {
    return this.perPeer.get(peer) ?? 0;
  }

  /**
   * Decides on a new connection from `peer`. A peer at its cap is refused; otherwise a full table
   * names its idlest connection to close, so senders that send nothing can never lock others out.
   */
  admit(peer: string): Admission<T> {
    if (this.countOf(peer) >= this.limits.maxConnectionsPerPeer) return { admit: false };
    return { admit: true, evict: this.open.size >= this.limits.maxConnections ? this.idlest() : undefined };
  }

  add(connection: T): void {
    this.open.add(connection);
    this.perPeer.set(connection.peer, this.countOf(connection.peer) + 1);
  }

  /** Forgets a closed (or evicted) connection; a second call for the same one does nothing. */
  remove(connection: T): void {
    if (!this.open.delete(connection)) return;
    const left = this.countOf(connection.peer) - 1;
    if (left > 0) this.perPeer.set(connection.peer, left);
    else this.perPeer.delete(connection.peer);
  }

  /** A linear scan: it runs only when the table is full, and keeps idleness in one place (the connection's watchdog). */
  private idlest(): T | undefined {
    let idlest: T | undefined;
    for (const connection of this.open) if (idlest === undefined || connection.idleMs > idlest.idleMs) idlest = connection;
    return idlest;
  }
}
