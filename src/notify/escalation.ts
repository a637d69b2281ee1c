/**
 * Escalation policies: the steps of a round are notified `after` their time since the round began, a round
 * begins every `repeatEvery` (as many rounds as `repeat` allows), and nothing more is notified once the incident
 * is acknowledged or resolved. Plain data in and out, on the time given.
 */
import type { EscalationPolicy } from './config.js';

/** Where an incident is in its policy: the next step (counted across rounds) and when it is due; null when done. */
export interface EscalationState {
  incidentId: string;
  policy: string;
  startedAt: number;
  nextStep: number;
  nextAt: number | null;
}

type Policy = Pick<EscalationPolicy, 'steps' | 'repeat' | 'repeatEvery'>;

/** When step `index` (counted across rounds) is due, or null past the last round. */
function dueAt(policy: Policy, startedAt: number, index: number): number | null {
  const round = Math.floor(index / policy.steps.length);
  if (round > policy.repeat) return null;
  return startedAt + round * policy.repeatEvery + (policy.steps[index % policy.steps.length]?.after ?? 0);
}

export function startEscalation(incidentId: string, name: string, policy: Policy, at: number): EscalationState {
  return { incidentId, policy: name, startedAt: at, nextStep: 0, nextAt: dueAt(policy, at, 0) };
}

/** The steps due by `now` (in order), and the state after notifying them. */
export function dueSteps(policy: Policy, state: EscalationState, now: number): { steps: Policy['steps']; state: EscalationState } {
  const steps: Policy['steps'] = [];
  let next = state.nextStep;
  for (let at = dueAt(policy, state.startedAt, next); at !== null && at <= now; at = dueAt(policy, state.startedAt, ++next)) {
    steps.push(policy.steps[next % policy.steps.length] as Policy['steps'][number]);
  }
  return { steps, state: { ...state, nextStep: next, nextAt: dueAt(policy, state.startedAt, next) } };
}

export const stopEscalation = (state: EscalationState): EscalationState => ({ ...state, nextAt: null });
