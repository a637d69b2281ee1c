/** API tokens: 256 random bits shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';
import type { Role, Store, TokenRecord } from '../../store/index.js';

export const TOKEN_PREFIX = 'ops_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  token: string;
  record: TokenRecord;
}

export async function issueToken(store: Store, role: Role, name: string, now: number = Date.now()): Promise<IssuedToken> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: TokenRecord = { id: randomBytes(6).toString('hex'), name, role, hash: hashToken(token), createdAt: now, lastUsedAt: null, revokedAt: null };
  await store.tokens.insert(record);
  return { token, record };
}
