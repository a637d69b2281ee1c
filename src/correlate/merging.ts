/**
 * Writing a merge of incidents to the store, in the caller's transaction: the responders' merge action and grouping,
 * when an alert links two active incidents, both go through here.
 */
import type { Incident, IncidentChange } from '../signals/index.js';
import type { Transaction } from '../store/index.js';
import type { Actor, Written } from './actions.js';
import { mergeIncidents } from './actions.js';
import { changeOf } from './changes.js';

/** Writes an incident an action or a merge changed, with its timeline entry; the change to publish. */
export async function writeIncident(tx: Transaction, written: Written, cause: string): Promise<IncidentChange> {
  await tx.incidents.put(written.incident);
  await tx.incidents.appendTimeline(written.incident.id, written.entry);
  return changeOf(written.change, cause, written.incident, null, written.entry.time);
}

/** Merges `sources` into `target` (see mergeIncidents) and moves their alerts; `because` for a merge grouping made. */
export async function writeMerge(
  tx: Transaction, target: Incident, sources: readonly Incident[], actor: Actor, cause: string, because?: string,
): Promise<{ incident: Incident; changes: IncidentChange[] }> {
  const merged = mergeIncidents(target, sources, actor, because);
  const changes = [await writeIncident(tx, merged.target, cause)];
  for (const source of merged.sources) {
    changes.push(await writeIncident(tx, source, cause));
    await tx.alerts.reassign(source.incident.id, target.id);
  }
  return { incident: merged.target.incident, changes };
}
