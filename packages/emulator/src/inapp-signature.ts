/** The in-app handshake signature (CONTRACT.md §6, row I-a) and its constant-time check. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex HMAC-SHA256 of `userId`, keyed with `workspaceId + integrationToken`. */
export function inappSignatureOf(workspaceId: string, integrationToken: string, userId: string): string {
  return createHmac('sha256', workspaceId + integrationToken)
    .update(userId, 'utf8')
    .digest('hex');
}

/** True when `given` is the signature of `userId`; never leaks where a wrong one differs. */
export function signatureMatches(given: string, workspaceId: string, integrationToken: string, userId: string): boolean {
  const expected = Buffer.from(inappSignatureOf(workspaceId, integrationToken, userId), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
