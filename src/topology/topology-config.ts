/** Configuration of the service graph: how long an edge lives without calls, how many are kept, and edges declared by hand. */
import { z } from 'zod';
import { durationField } from '../config/duration.js';

const entityId = z.string().min(1).refine((id) => id.indexOf(':') > 0, 'must be an entity id such as `service:checkout` or `peer:postgres`');

export const topologyConfigSchema = z.strictObject({
  /** An edge with no call (or no sighting, for pod → service and the like) for this long of event time is dropped. @default "1h" */
  edgeTtl: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(60 * 60_000),
  /** Most edges kept; past it the least recently seen are dropped first. Static edges do not count. @default 50000 */
  maxEdges: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  /** Most distinct entities the learned edges may name; past it the least recently seen edges are dropped first. Static edges do not count. @default 20000 */
  maxNodes: z.coerce.number().int().min(2).max(10_000_000).default(20_000),
  /** Edges declared by hand, always in the graph: what traces cannot show (a batch job reading a share, a cron's database). @default [] */
  edges: z.array(z.strictObject({
    /** Entity id of the caller or dependent. */
    from: entityId,
    /** Entity id of what it depends on. */
    to: entityId,
  })).default([]),
});
export type TopologyConfig = z.infer<typeof topologyConfigSchema>;
