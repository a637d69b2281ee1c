/** Read access to the service graph: services, peers, pods and hosts, the calls between them with their RED, and the hierarchy. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TopologyView } from '../../topology/graph.js';
import { EDGE_KINDS, NODE_KINDS } from '../../topology/graph.js';
import { timeMsSchema } from '../../signals/index.js';
import { errorResponse } from '../../http/errors.js';
import { timedResource } from './common.js';

export const MAX_DEPTH = 10;

const nodeSchema = z.object({
  id: z.string().describe('Entity id: `service:checkout`, `peer:postgres`, `pod:shop/checkout-1`, `host:node-1`, `container:shop/checkout-1/app`'),
  kind: z.enum(NODE_KINDS),
  name: z.string(),
  health: z.enum(['unknown', 'ok', 'info', 'warning', 'error', 'critical']).describe('The worst severity of the alerts firing on it; ok when none fires'),
}).meta({ id: 'TopologyNode' });

const redSchema = timedResource(z.object({
  windowStart: timeMsSchema,
  windowMs: z.number().int().describe('Length of the window, in ms'),
  requests: z.number().int(),
  errors: z.number().int(),
  ratePerSecond: z.number(),
  errorRatio: z.number().nullable().describe('Errors over requests; null without requests'),
  p95Ms: z.number().nullable().describe('95th percentile of the call durations, in ms (about ±10%); null without requests'),
}), ['windowStart'], { id: 'EdgeRed', description: 'Rate, errors and duration of the calls of an edge in the latest closed window of event time' });

const edgeSchema = timedResource(z.object({
  from: z.string().describe('Entity id of the caller, or of the part (pod of a service, container of a pod)'),
  to: z.string(),
  kind: z.enum(EDGE_KINDS).describe('call: traced both ends; peer: an uninstrumented callee named by the client span; static: from `topology.edges`; hierarchy: pod → service, container → pod, pod → host'),
  firstSeen: timeMsSchema.nullable().describe('Event time of the first call or sighting; null for a static edge'),
  lastSeen: timeMsSchema.nullable(),
  red: redSchema.nullable().describe('Call and peer edges; null for others and for an edge first seen after the window'),
}), ['firstSeen', 'lastSeen'], { id: 'TopologyEdge' });

const topologySchema = timedResource(z.object({
  asOf: timeMsSchema.nullable().describe('The graph clock: the latest event time seen; null before any'),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
}), ['asOf'], { id: 'Topology', description: 'The service graph, or the part of it around an entity' });

export interface TopologyOptions {
  topology(entityId: string | undefined, depth: number): TopologyView | Promise<TopologyView>;
}

export function topologyRoutes(app: FastifyInstance, options: TopologyOptions): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/topology', {
    config: { access: 'read' },
    schema: {
      summary: 'The service graph: nodes, call edges with their RED, static and hierarchy edges', tags: ['topology'],
      querystring: z.strictObject({
        entity: z.string().min(1).optional().describe('The entity at the centre (`service:checkout`); the whole graph when absent'),
        depth: z.coerce.number().int().min(1).max(MAX_DEPTH).default(1).describe(`Edges away from \`entity\` a node may be, either way (1 to ${MAX_DEPTH})`),
      }),
      response: { 200: topologySchema, 400: errorResponse },
    },
  }, (request) => options.topology(request.query.entity, request.query.depth));
  return Promise.resolve();
}
