/**
 * The check of an app's own preferences route at /api/fyno/preferences (hosts/sveltekit, astro, react-router, nuxt):
 * 401 signed out, and signed in (the cookie `signIn` returns) the user's own view of the topics the
 * app's policy shows. Imports only vitest, like the suite.
 */
import { expect } from 'vitest';

export async function expectOwnPreferences(origin: string, signIn: () => Promise<string>, topics: string[]): Promise<void> {
  const read = (cookie?: string) => fetch(`${origin}/api/fyno/preferences`, { headers: cookie ? { cookie } : {} });
  expect((await read()).status).toBe(401);
  const answer = await read(await signIn());
  expect(answer.status).toBe(200);
  const view = (await answer.json()) as { sections: Array<{ topics: Array<{ id: string }> }> };
  expect(view.sections.flatMap((s) => s.topics.map((t) => t.id))).toEqual(topics);
}
