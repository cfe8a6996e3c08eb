/**
 * The check of an app's own in-app session route at /api/fyno/inapp-session (hosts/sveltekit, astro,
 * react-router, nuxt): 401 `unauthorized` signed out; signed in (the cookie `signIn` returns), the
 * session of exactly that user, signed with the integration token (computed here from Fyno's rule,
 * HMAC-SHA256 keyed by workspace id + token, not by our client), the token itself nowhere in the
 * answer; and the route registered the profile's in-app token, so a fire by distinct_id reaches the
 * user's inbox. Imports only vitest and Node built-ins, like the suites.
 */
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';

export interface OwnInappSessionCheck {
  /** Signs `user` in through the app and returns the session cookie. */
  signIn(user: string): Promise<string>;
  user: string;
  integrationId: string;
  integrationToken: string;
  /** The app's emulator (`startEmulator()`'s result fits). */
  emulator: {
    readonly workspaceId: string;
    readonly apiKey: string;
    readonly baseUrl: string;
    readonly inapp: { readonly url: string; messages(user: string): ReadonlyArray<{ message: { notification_content: { title?: unknown } } }> };
  };
  /** A client for the emulator (`(options) => new Fyno(options)`), to fire as the app's backend would. */
  createClient(options: { workspaceId: string; apiKey: string; baseUrl: string; maxRetries: number }): {
    fire(event: string, payload: { distinct_id: string; data: Record<string, unknown> }): Promise<unknown>;
    close(): Promise<void>;
  };
  /** Extra request headers the host needs (SvelteKit's same-origin check wants `origin`). */
  headers?: Record<string, string>;
}

export async function expectOwnInappSession(origin: string, check: OwnInappSessionCheck): Promise<void> {
  const open = (cookie?: string) => fetch(`${origin}/api/fyno/inapp-session`, { method: 'POST', headers: { ...check.headers, ...(cookie ? { cookie } : {}) } });
  const signedOut = await open();
  expect(signedOut.status).toBe(401);
  expect(await signedOut.json()).toMatchObject({ error: { code: 'unauthorized' } });

  const answer = await open(await check.signIn(check.user));
  const text = await answer.text();
  expect(answer.status).toBe(200);
  expect(text).not.toContain(check.integrationToken);
  const { workspaceId, inapp } = check.emulator;
  expect(JSON.parse(text)).toEqual({
    userId: check.user,
    workspaceId,
    integrationId: check.integrationId,
    signature: createHmac('sha256', `${workspaceId}${check.integrationToken}`).update(check.user).digest('hex'),
    url: inapp.url,
  });

  // The route registered the profile's in-app token: a fire by distinct_id reaches the inbox.
  const fyno = check.createClient({ workspaceId, apiKey: check.emulator.apiKey, baseUrl: check.emulator.baseUrl, maxRetries: 0 });
  try {
    await fyno.fire('order_shipped', { distinct_id: check.user, data: { title: 'Shipped' } });
  } finally {
    await fyno.close();
  }
  expect(inapp.messages(check.user).map((m) => m.message.notification_content.title)).toEqual(['Shipped']);
}
