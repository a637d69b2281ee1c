/**
 * Responders' actions applied to the store in the caller's transaction, with the incident changes they make. A
 * verdict on a root cause is stored for the rankings to come (see src/analyze/priors.ts). A merge or a split is also remembered as responders' verdict on the kinds of alert involved (merged: they belong
 * together; split: they do not), which grouping reads for the alerts to come.
 */
import type { Alert, Incident, IncidentChange } from '../signals/index.js';
import type { Transaction } from '../store/index.js';
import { OpsightError } from '../http/errors.js';
import type { Action, Actor } from './actions.js';
import { actOn, splitIncident } from './actions.js';
import { writeIncident as write, writeMerge } from './merging.js';

/** Kinds of one incident a merge or split remembers verdicts on: bounds the pairs written by one action. */
export const MAX_KINDS_REMEMBERED = 20;

export interface ActionResult {
  /** The incident the action leaves for the responder: the one acted on, or the new one of a split. */
  incident: Incident;
  changes: IncidentChange[];
}

async function found(tx: Transaction, id: string): Promise<Incident> {
  const incident = await tx.incidents.get(id);
  if (incident === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no incident ${id}`);
  return incident;
}

const invalid = (path: string, message: string) => new OpsightError('OPS_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);

function duplicateAt(values: readonly string[]): number {
  return values.findIndex((value, index) => values.indexOf(value) !== index);
}

/** Every pair of kinds of two different groups, at most MAX_KINDS_REMEMBERED of each group. */
function pairsAcross(groups: readonly (readonly string[])[]): [string, string][] {
  const bounded = groups.map((kinds) => kinds.slice(0, MAX_KINDS_REMEMBERED));
  return bounded.flatMap((kinds, index) => bounded.slice(index + 1).flatMap((others) => kinds.flatMap((kind) => others.map((other): [string, string] => [kind, other]))));
}

async function membersOf(tx: Transaction, incidentId: string): Promise<Alert[]> {
  const members: Alert[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await tx.alerts.list({ incidentId, latestOnly: true, limit: PAGE, offset });
    members.push(...page.items);
    if (page.items.length < PAGE) return members;
  }
}
const PAGE = 1000;

async function merge(tx: Transaction, target: Incident, ids: readonly string[], actor: Actor, cause: string): Promise<ActionResult> {
  const repeated = duplicateAt(ids);
  if (repeated >= 0) throw invalid(`body.incidents[${repeated}]`, `${ids[repeated]} is listed twice`);
  const sources: Incident[] = [];
  for (const [index, id] of ids.entries()) {
    const source = await tx.incidents.get(id);
    if (source === undefined) throw invalid(`body.incidents[${index}]`, `no incident ${id}`);
    sources.push(source);
  }
  const merged = await writeMerge(tx, target, sources, actor, cause);
  await tx.corrections.record(pairsAcross([target, ...sources].map((incident) => incident.kinds ?? [])), 'merged', actor.at, actor.by);
  return merged;
}

async function split(tx: Transaction, source: Incident, fingerprints: readonly string[], actor: Actor, cause: string): Promise<ActionResult> {
  const repeated = duplicateAt(fingerprints);
  if (repeated >= 0) throw invalid(`body.alerts[${repeated}]`, `${fingerprints[repeated]} is listed twice`);
  const members = await membersOf(tx, source.id);
  const moved = fingerprints.map((fingerprint, index) => {
    const member = members.find((alert) => alert.fingerprint === fingerprint);
    if (member === undefined) throw invalid(`body.alerts[${index}]`, `no alert ${fingerprint} in incident ${source.id}`);
    return member;
  });
  const remaining = members.filter((alert) => !fingerprints.includes(alert.fingerprint));
  const parted = splitIncident(source, moved, remaining, actor);
  const changes = [await write(tx, parted.source, cause), await write(tx, parted.created, cause)];
  for (const alert of parted.alerts) await tx.alerts.put(alert);
  await tx.corrections.record(pairsAcross([parted.created.incident.kinds ?? [], parted.source.incident.kinds ?? []]), 'split', actor.at, actor.by);
  return { incident: parted.created.incident, changes };
}

/** Applies a responder's action on incident `incidentId` inside `tx`; `cause` names the action in the changes' ids (`action:<id>`). */
export async function applyAction(tx: Transaction, incidentId: string, action: Action, actor: Actor, cause: string): Promise<ActionResult> {
  const incident = await found(tx, incidentId);
  switch (action.kind) {
    case 'merge':
      return merge(tx, incident, action.incidents, actor, cause);
    case 'split':
      return split(tx, incident, action.alerts, actor, cause);
    case 'root-cause': {
      const written = actOn(incident, action, actor);
      await tx.rootCauseVerdicts.record({
        incidentId: incident.id, entityId: action.entityId, confirmed: action.confirmed, incidentEntities: incident.entities,
        incidentKinds: incident.kinds ?? [], decidedAt: actor.at, decidedBy: actor.by,
      });
      return { incident: written.incident, changes: [await write(tx, written, cause)] };
    }
    default: {
      const written = actOn(incident, action, actor);
      return { incident: written.incident, changes: [await write(tx, written, cause)] };
    }
  }
}
