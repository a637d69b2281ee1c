/**
 * Entities: the things in an environment, and the one rule that turns any source's labels or
 * resource attributes into an entity id. Every ingest path resolves entities here, so the id is
 * the join key across metrics, logs, traces, events and alerts.
 */
import { z } from 'zod';
import { attributesSchema } from './labels.js';
import { timeMsSchema } from './time.js';

export const EntityKind = {
  service: 'service',
  pod: 'pod',
  host: 'host',
  unknown: 'unknown',
} as const;
export type EntityKind = (typeof EntityKind)[keyof typeof EntityKind];

export const entitySchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['service', 'pod', 'host', 'unknown']),
  name: z.string().min(1),
  attributes: attributesSchema,
  firstSeen: timeMsSchema,
  lastSeen: timeMsSchema,
});
export type Entity = z.infer<typeof entitySchema>;

export interface EntityRef {
  id: string;
  kind: EntityKind;
  name: string;
}

type Lookup = Record<string, unknown>;

const serviceKeys = ['service.name', 'service', 'service_name', 'app', 'app.kubernetes.io/name', 'application'];
const hostKeys = ['host.name', 'host', 'hostname', 'nodename', 'node'];

function firstString(source: Lookup, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Strips the port from a Prometheus `instance` ("db-1:9100" → "db-1", "[::1]:80" → "::1"). */
export function hostOfInstance(instance: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const colons = instance.split(':').length - 1;
  return colons === 1 ? instance.slice(0, instance.lastIndexOf(':')) : instance;
}

/** The reference an entity id stands for ("service:checkout" → service named checkout). */
export function entityRefOf(id: string): EntityRef {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  if (colon > 0 && (kind === 'service' || kind === 'pod' || kind === 'host' || kind === 'unknown')) return { id, kind, name: id.slice(colon + 1) };
  return { id, kind: 'unknown', name: id };
}

function ref(kind: EntityKind, name: string): EntityRef {
  return { id: `${kind}:${name}`, kind, name };
}

/** The service that labels or attributes name, with its namespace (`service.namespace`) when they give one. */
export function serviceRefOf(source: Lookup): EntityRef | undefined {
  const service = firstString(source, serviceKeys);
  if (service === undefined) return undefined;
  const namespace = firstString(source, ['service.namespace']);
  return ref('service', namespace !== undefined ? `${namespace}/${service}` : service);
}

/** The Kubernetes pod that labels or attributes name, as `<namespace>/<pod>` (namespace `default` when none is given). */
export function podRefOf(source: Lookup): EntityRef | undefined {
  const pod = firstString(source, ['k8s.pod.name', 'pod', 'pod_name', 'kubernetes_pod_name']);
  if (pod === undefined) return undefined;
  const namespace = firstString(source, ['k8s.namespace.name', 'namespace', 'kubernetes_namespace']) ?? 'default';
  return ref('pod', `${namespace}/${pod}`);
}

/** The host that labels or attributes name (a Prometheus `instance` aside). */
export function hostRefOf(source: Lookup): EntityRef | undefined {
  const host = firstString(source, hostKeys);
  return host === undefined ? undefined : ref('host', host);
}

/**
 * Resolves an entity from labels or resource attributes. Order: an explicit `entity` label, a
 * service name, a Kubernetes pod, a host, a Prometheus `instance`, a Prometheus `job`.
 */
export function resolveEntity(source: Lookup): EntityRef {
  const explicit = firstString(source, ['entity', 'opsight.entity']);
  if (explicit !== undefined) {
    const [kind, ...rest] = explicit.split(':');
    if (rest.length > 0 && (kind === 'service' || kind === 'pod' || kind === 'host')) return ref(kind, rest.join(':'));
    return ref('service', explicit);
  }
  const named = serviceRefOf(source) ?? podRefOf(source) ?? hostRefOf(source);
  if (named !== undefined) return named;
  const instance = firstString(source, ['instance']);
  if (instance !== undefined) return ref('host', hostOfInstance(instance));
  const job = firstString(source, ['job']);
  if (job !== undefined) return ref('service', job);
  return ref('unknown', 'unknown');
}
