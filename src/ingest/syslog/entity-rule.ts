/**
 * The syslog entity rule: structured-data `entity`/`service.name` first; else the APP-NAME as a
 * service, unless it is a host program (sshd, kernel, cron, ...); else the HOSTNAME (or the
 * sender's address) as a host. The result goes through resolveEntity like every other source.
 */
import type { EntityRef } from '../../signals/index.js';
import { resolveEntity } from '../../signals/index.js';
import type { StructuredData, SyslogMessage } from './message.js';

/** Resource keys a sender may set in any SD element to name its entity explicitly. */
const SD_ENTITY_KEYS = ['entity', 'service.name', 'service.namespace', 'host.name', 'k8s.pod.name', 'k8s.namespace.name'];

export interface HostApps {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

/** Compiles the `hostApps` config list (case-insensitive; a trailing `*` matches a prefix). */
export function compileHostApps(names: readonly string[]): HostApps {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.endsWith('*')) prefixes.push(lower.slice(0, -1));
    else exact.add(lower);
  }
  return { exact, prefixes };
}

/** The service an APP-NAME stands for: `/usr/sbin/cron` → `cron`, `postfix/smtpd` → `postfix`. */
export function serviceOfApp(app: string): string {
  if (app.charCodeAt(0) === 47) return app.slice(app.lastIndexOf('/') + 1);
  const slash = app.indexOf('/');
  return slash > 0 ? app.slice(0, slash) : app;
}

export function isHostApp(service: string, hostApps: HostApps): boolean {
  const lower = service.toLowerCase();
  if (hostApps.exact.has(lower)) return true;
  for (const prefix of hostApps.prefixes) if (lower.startsWith(prefix)) return true;
  return false;
}

function explicitKeys(data: StructuredData, lookup: Record<string, string>): void {
  for (const id in data) {
    const element = data[id] as Record<string, string>;
    for (const key of SD_ENTITY_KEYS) {
      const value = element[key];
      if (value !== undefined && lookup[key] === undefined) lookup[key] = value;
    }
  }
}

/** The entity of a message; `peer` (the sender's address) stands in for a missing HOSTNAME. */
export function entityOfMessage(message: SyslogMessage, hostApps: HostApps, peer?: string): EntityRef {
  const lookup: Record<string, string> = {};
  if (message.structuredData !== undefined) explicitKeys(message.structuredData, lookup);
  if (message.appName !== undefined && lookup['service.name'] === undefined) {
    const service = serviceOfApp(message.appName);
    if (service !== '' && !isHostApp(service, hostApps)) lookup['service.name'] = service;
  }
  const host = message.hostname ?? peer;
  if (host !== undefined && lookup['host.name'] === undefined) lookup['host.name'] = host;
  return resolveEntity(lookup);
}
