/**
 * Screening: after the alerts stage has applied a report, decide whether the alert is held back from
 * incidents (in a maintenance window, silenced, inhibited or flapping, first reason first) and with what
 * transition incident grouping sees it. A held alert is stored with the reason, never dropped. Resolutions
 * always reach the incident, so an incident never waits on an alert that was silenced after it joined.
 */
import type { Alert, Suppression } from '../signals/index.js';
import type { DedupResult } from '../alerts/index.js';
import type { FlappingConfig } from './flapping.js';
import { isFlapping, recordChange } from './flapping.js';
import type { Inhibition } from './inhibition.js';
import type { CompiledWindow } from './maintenance.js';
import { windowOf } from './maintenance.js';
import { matchLabels } from './matchers.js';
import type { CompiledSilence } from './silences.js';
import { silenceOf } from './silences.js';

export interface Screening {
  silences: readonly CompiledSilence[];
  windows: readonly CompiledWindow[];
  inhibition: Pick<Inhibition, 'inhibitorOf'>;
  flapping: FlappingConfig;
}

const about = (comment: string) => (comment === '' ? '' : ` (${comment})`);

function minutes(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/** Why a firing alert is held at event time `at`, or null. */
export function suppressionOf(alert: Alert, at: number, screening: Screening): Suppression | null {
  const labels = matchLabels(alert);
  const window = windowOf(labels, screening.windows, at);
  if (window !== undefined) return { kind: 'maintenance', by: window.id, reason: `in maintenance window ${window.id}${about(window.comment)}` };
  const silence = silenceOf(labels, screening.silences, at);
  if (silence !== undefined) return { kind: 'silence', by: silence.id, reason: `silenced by ${silence.id}${about(silence.comment)}` };
  const inhibitor = screening.inhibition.inhibitorOf(alert);
  if (inhibitor !== undefined) {
    const rule = `correlate.inhibit[${inhibitor.rule}]`;
    return { kind: 'inhibition', by: rule, reason: `inhibited by ${inhibitor.source.title} (${inhibitor.source.fingerprint}) under ${rule}` };
  }
  const { flapping } = screening;
  if (isFlapping(alert.recentChanges ?? [], at, flapping)) {
    return {
      kind: 'flapping', by: 'correlate.flapping',
      reason: `flapping: more than ${flapping.changes} state changes within ${minutes(flapping.window)}; held until it keeps its state for ${minutes(flapping.stableFor)}`,
    };
  }
  return null;
}

/** Event time of the state change a transition made: an episode's start, or its resolution. */
const changeTime = (alert: Alert) => (alert.status === 'firing' ? alert.activeSince : alert.resolvedAt ?? alert.lastSeen);

/**
 * The alert as stored (its recent changes and suppression updated) and the transition grouping applies:
 * `stale` for a held alert (which leaves incidents as they are), `firing` for an alert that is firing
 * without an incident because it was held when it started and is held no more.
 */
export function screenAlert(result: DedupResult, screening: Screening): DedupResult {
  const { transition } = result;
  if (transition === 'stale') return result;
  const changed = transition === 'firing' || transition === 'resolved';
  const alert = changed ? { ...result.alert, recentChanges: recordChange(result.alert.recentChanges ?? [], changeTime(result.alert), screening.flapping) } : result.alert;
  // A resolved alert keeps the reason its episode was held for.
  if (alert.status === 'resolved') return { alert, transition };
  const suppressed = suppressionOf(alert, alert.lastSeen, screening);
  if (suppressed !== null) {
    // An episode that starts held belongs to no incident, not even the one its previous episode was in.
    return { alert: { ...alert, suppressed, incidentId: transition === 'firing' ? null : alert.incidentId }, transition: 'stale' };
  }
  const released = transition === 'repeated' && alert.incidentId === null;
  return { alert: { ...alert, suppressed: null }, transition: released ? 'firing' : transition };
}
