/** What every ingest normaliser is given besides the payload: wall time and an id source, both injectable. */
import { randomUUID } from 'node:crypto';

export interface NormalizeContext {
  /** Wall time of receipt, recorded as `receivedAt` only. */
  receivedAt: number;
  newId(): string;
}

export function liveContext(now: number = Date.now()): NormalizeContext {
  return { receivedAt: now, newId: randomUUID };
}
