// Limits of the collaboration server: what one message, one document, one
// person and one connection may take. Exceeding one closes that connection only.

export type Limits = {
  /** largest websocket message accepted (bytes) */
  maxMessageBytes: number;
  /** largest stored size a document may grow to (bytes, state plus updates since compaction) */
  maxDocumentBytes: number;
  /** live connections on one document of people who may edit it */
  maxConnectionsPerDocument: number;
  /** live connections of one signed-in person, all documents */
  maxConnectionsPerPerson: number;
  /**
   * read-only connections on one document: a reader costs a socket and a share of one
   * broadcast, so a premiere's audience fits (decision 0019, "Readers")
   */
  maxReadersPerDocument: number;
  /**
   * visitors' connections from one address, all documents: high, because a cinema's wifi
   * or a campus puts a whole audience behind one address; it bounds one machine's sockets
   */
  maxReadersPerAddress: number;
  /** sustained messages per second per connection, and the burst allowed above it */
  messagesPerSecond: number;
  messageBurst: number;
  /**
   * bytes queued for one connection and not yet taken by its client: past this, nothing
   * more is queued and the connection is cut (a slow or stalled reader cannot make the
   * server hold without limit what it relays to it)
   */
  maxBufferedBytes: number;
  /** presence client ids one connection may speak for (a browser tab uses one) */
  maxPresenceClientsPerConnection: number;
};

export const defaultLimits: Limits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxDocumentBytes: 32 * 1024 * 1024,
  maxConnectionsPerDocument: 500,
  maxConnectionsPerPerson: 20,
  maxReadersPerDocument: 20_000,
  maxReadersPerAddress: 1_000,
  messagesPerSecond: 60,
  messageBurst: 600,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxPresenceClientsPerConnection: 4,
};

/** A token bucket: `take()` is false once the connection sends faster than allowed. */
export class RateLimiter {
  private tokens: number;
  private last: number;
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts live connections by key (a document, a person) against a maximum. */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number) {}
  tryAdd(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(key, n + 1);
    return true;
  }
  remove(key: string) {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * Close codes. y-websocket clients do not reconnect after a code in 4400–4499
 * (the fault is theirs: retrying would fail the same way); after the others they
 * reconnect, which is what a change of rights wants: a new admission.
 */
export const CloseCode = {
  goingAway: 1001,
  accessChanged: 4100,
  malformed: 4400,
  readOnly: 4403,
  tooLarge: 4413,
  tooFast: 4429,
} as const;
