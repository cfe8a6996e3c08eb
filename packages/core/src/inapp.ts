/** The in-app signature Fyno's in-app client sends: hex HMAC-SHA256 keyed by WSID + integration token. */

const encoder = new TextEncoder();

/**
 * Computes the `x-fyno-signature` for an in-app user (packages/emulator/CONTRACT.md §6). Uses Web
 * Crypto, so it runs on Node, edge runtimes and Deno alike; compute it on the server — the token
 * is a secret.
 */
export async function inappSignature(workspaceId: string, integrationToken: string, userId: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(workspaceId + integrationToken), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(userId)));
  let hex = '';
  for (const byte of mac) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
