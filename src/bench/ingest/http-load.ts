/**
 * An HTTP load driver: keeps `concurrency` keep-alive requests in flight for a fixed time, cycling
 * through pre-encoded bodies, and counts the items the receiver acknowledged. Runs in a worker
 * thread so the receiver under test has the main thread to itself.
 */
import { Agent, request } from 'node:http';

export interface HttpLoadPlan {
  url: string;
  headers: Record<string, string>;
  /** Pre-encoded bodies, sent in turn (from the first again when all were sent). */
  bodies: Uint8Array[];
  /** Items (samples, spans, events) each body carries. */
  itemsPerBody: number;
  durationMs: number;
  concurrency: number;
  /** Statuses that mean "accepted". */
  okStatuses: number[];
}

export interface LoadResult {
  requests: number;
  accepted: number;
  seconds: number;
  /** Requests by status code (0: transport error). */
  statuses: Record<string, number>;
}

function send(agent: Agent, plan: HttpLoadPlan, body: Uint8Array): Promise<number> {
  return new Promise((resolve) => {
    const req = request(plan.url, { method: 'POST', agent, headers: { ...plan.headers, 'content-length': String(body.byteLength) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', () => resolve(0));
    });
    req.once('error', () => resolve(0));
    req.end(body);
  });
}

export async function runHttpLoad(plan: HttpLoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const statuses: Record<string, number> = {};
  let requests = 0;
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + plan.durationMs;
  const lane = async () => {
    while (performance.now() < deadline) {
      const body = plan.bodies[next++ % plan.bodies.length] as Uint8Array;
      const status = await send(agent, plan, body);
      requests++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (plan.okStatuses.includes(status)) accepted += plan.itemsPerBody;
      else if (status === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests, accepted, seconds, statuses };
}
