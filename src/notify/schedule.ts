/** Who is on call: the last rotation that has begun gives the shift, an override covering the time replaces it. */
import type { Schedule } from './config.js';

export interface OnCall {
  user: string;
  /** When this person's turn began and ends (the end of the shift or the override). */
  since: number;
  until: number;
  source: 'rotation' | 'override';
}

export function onCallAt(schedule: Pick<Schedule, 'rotations' | 'overrides'>, at: number): OnCall | undefined {
  const override = schedule.overrides.findLast((candidate) => candidate.start <= at && at < candidate.end);
  if (override !== undefined) return { user: override.user, since: override.start, until: override.end, source: 'override' };
  const rotation = schedule.rotations.findLast((candidate) => candidate.start <= at);
  if (rotation === undefined) return undefined;
  const shift = Math.floor((at - rotation.start) / rotation.length);
  const since = rotation.start + shift * rotation.length;
  return { user: rotation.users[shift % rotation.users.length] as string, since, until: since + rotation.length, source: 'rotation' };
}
