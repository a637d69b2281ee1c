/** Which roles may use which endpoints. Each route declares one access level in its config. */
import type { Role } from '../../store/index.js';

export const Access = {
  /** Health, readiness and metrics: no token. */
  public: 'public',
  /** Ingest endpoints: ingest tokens (and responders and admins). */
  ingest: 'ingest',
  /** Reading alerts, incidents, entities. */
  read: 'read',
  /** Acting on incidents and alerts. */
  respond: 'respond',
  /** Tokens and settings. */
  admin: 'admin',
  /** Any valid token (unknown routes: a caller with a token learns it is unknown). */
  any: 'any',
} as const;
export type Access = (typeof Access)[keyof typeof Access];

const allowed: Record<Exclude<Access, 'public'>, readonly Role[]> = {
  ingest: ['ingest', 'responder', 'admin'],
  read: ['viewer', 'responder', 'admin'],
  respond: ['responder', 'admin'],
  admin: ['admin'],
  any: ['viewer', 'responder', 'admin', 'ingest'],
};

/** A route's access level: routes that declare none are for admins only. */
export function accessOf(config: { access?: Access }): Access {
  return config.access ?? 'admin';
}

export function roleAllows(role: Role, access: Access): boolean {
  return access === 'public' || allowed[access].includes(role);
}
