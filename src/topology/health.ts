/**
 * The health of the graph's nodes from what is firing on them: the worst severity of their firing
 * alerts, or `ok` when none fires. Pure: the caller reads the firing alerts.
 */
import type { Severity } from '../signals/index.js';
import { maxSeverity } from '../signals/index.js';
import type { TopologyView } from './graph.js';

export type NodeHealth = 'ok' | Severity;

export function withHealth(view: TopologyView, firing: readonly { entityId: string; severity: Severity }[]): TopologyView {
  const worst = new Map<string, Severity>();
  for (const { entityId, severity } of firing) worst.set(entityId, maxSeverity(worst.get(entityId) ?? 'info', severity));
  return { ...view, nodes: view.nodes.map((node) => ({ ...node, health: worst.get(node.id) ?? 'ok' })) };
}
