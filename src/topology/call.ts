/** A call from one service to another, as traces show it: what the topology and the per-edge RED metrics are made of. */

/** A service or an uninstrumented peer (a database, a queue, a host) that a call reaches. */
export interface CallEnd {
  /** Entity id: the span's entity for an instrumented service, `peer:<name>` for an uninstrumented one. */
  entityId: string;
  /** Service name, or the peer's name. */
  service: string;
  /** The operation called (the callee's server span), or the caller's operation that made the call. */
  operation?: string;
}

export interface Call {
  caller: CallEnd;
  callee: CallEnd;
  /** `service`: both ends instrumented, joined parent to child; `peer`: known only from the caller's client span attributes. */
  kind: 'service' | 'peer';
  /** Event time the call ended. */
  time: number;
  /** Duration as the caller saw it (its client span) when there is one, else the callee's. */
  durationMs: number;
  /**
   * The callee's own span duration, when the caller's client span timed the call: the rest of
   * `durationMs` was spent between the two (network, queues before the callee took the request).
   */
  calleeDurationMs?: number;
  error: boolean;
}
