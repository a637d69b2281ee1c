/**
 * Acknowledge and resolve links: the incident, the action, who it was sent to and when it expires, signed with
 * HMAC-SHA256 under the server's link key. Whoever holds the link may act once it verifies; nothing else is trusted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const claimsSchema = z.object({ incident: z.string().min(1), action: z.enum(['acknowledge', 'resolve']), to: z.string(), expires: z.number() });
export type LinkClaims = z.infer<typeof claimsSchema>;

const mac = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64url');

export function signLink(claims: LinkClaims, key: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

/** The claims of a token that is signed with `key` and not expired at `now`, or why it is refused. */
export function verifyLink(token: string, key: string, now: number): LinkClaims | { problem: string } {
  const [body = '', signature = ''] = token.split('.');
  const expected = Buffer.from(mac(body, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: 'the link is not signed by this server' };
  let claims: LinkClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { problem: 'the link is malformed' };
  }
  if (claims.expires <= now) return { problem: 'the link has expired' };
  return claims;
}
