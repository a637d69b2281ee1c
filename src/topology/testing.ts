/** Calls for tests of the topology stage. */
import type { Call } from './call.js';

export interface CallFixture {
  from: string;
  to: string;
  time: number;
  durationMs?: number;
  error?: boolean;
  kind?: Call['kind'];
}

/** A call from entity `from` to entity `to`, its ends named after their ids. */
export function call({ from, to, time, durationMs = 10, error = false, kind = to.startsWith('peer:') ? 'peer' : 'service' }: CallFixture): Call {
  const end = (entityId: string) => ({ entityId, service: entityId.slice(entityId.indexOf(':') + 1) });
  return { caller: end(from), callee: end(to), kind, time, durationMs, error };
}
