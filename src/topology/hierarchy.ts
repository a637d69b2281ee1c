/**
 * The entity hierarchy a signal's labels or resource attributes reveal: a container runs in a pod, a pod
 * serves a service and runs on a host (node), a service without pods runs on the host of its `instance`.
 * Pure: attributes and the entity they were seen on in, parent links out.
 */
import { entityRefOf, hostOfInstance, hostRefOf, podRefOf, serviceRefOf } from '../signals/index.js';

/** `from` belongs to, or runs on, `to`. */
export interface HierarchyLink {
  from: string;
  to: string;
}

type Attributes = Record<string, unknown>;

function text(attributes: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** cAdvisor reports a pod's sandbox as container `POD`: not a container of the workload. */
const SANDBOX_CONTAINER = 'POD';

function containerOf(attributes: Attributes, podId: string | undefined): string | undefined {
  const name = text(attributes, ['k8s.container.name', 'container', 'container_name']);
  if (name === undefined || name === SANDBOX_CONTAINER || podId === undefined) return undefined;
  return `container:${entityRefOf(podId).name}/${name}`;
}

function nodeOf(attributes: Attributes): string | undefined {
  const node = text(attributes, ['k8s.node.name', 'kubernetes_node']);
  return node !== undefined ? `host:${node}` : hostRefOf(attributes)?.id;
}

function instanceHostOf(attributes: Attributes): string | undefined {
  const instance = text(attributes, ['instance']);
  return instance === undefined ? undefined : `host:${hostOfInstance(instance)}`;
}

/**
 * The parent links of `attributes`, seen on `entityId`. The entity it was seen on stands for its own kind
 * (so links join the inventory's ids even when an explicit `entity` label named it); the other levels come
 * from the attributes.
 */
export function hierarchyOf(attributes: Attributes, entityId: string): HierarchyLink[] {
  const seen = entityRefOf(entityId);
  const service = seen.kind === 'service' ? seen.id : serviceRefOf(attributes)?.id;
  const pod = seen.kind === 'pod' ? seen.id : podRefOf(attributes)?.id;
  const host = seen.kind === 'host' ? seen.id : nodeOf(attributes);
  const container = containerOf(attributes, pod);
  const links: HierarchyLink[] = [];
  const link = (from: string | undefined, to: string | undefined) => {
    if (from !== undefined && to !== undefined && from !== to) links.push({ from, to });
  };
  link(container, pod);
  link(pod, service);
  link(pod, host);
  if (pod === undefined) link(service, host ?? instanceHostOf(attributes));
  return links;
}
