/**
 * A demo started with Fyno credentials (an emulator standing in for Fyno, with a secret key): it
 * sends there, and no served asset, nor its output, contains the key or the workspace id (nor a
 * destination from the server-side user list).
 */
import { startEmulator } from '@fyno-kit/emulator';
import { describe, expect, it } from 'vitest';
import { startApp } from './app-process';
import { launch } from './browser';
import { servedAssets } from './demo-suite';

export function credentialsSuite(name: string, command: string[]): void {
  describe(`${name} with Fyno credentials`, () => {
    // Starting the app is part of the test (its environment differs): `npm run demo` installs and
    // builds first, which alone can take most of a minute on a loaded machine.
    it('talks to the configured Fyno API and no served asset contains the API key', { timeout: 240_000 }, async () => {
      const secret = `sk_live_${'e2e'.repeat(4)}_${Date.now()}`;
      const upstream = await startEmulator({ port: 0, apiKey: secret, workspaceId: 'FYE2E00001', quiet: true });
      const app = await startApp(command, {
        FYNO_WSID: upstream.workspaceId,
        FYNO_API_KEY: secret,
        FYNO_BASE_URL: upstream.baseUrl,
      });
      const browser = await launch();
      try {
        const page = await browser.newPage();
        const assets = await servedAssets(page, app.url);
        expect([...assets.keys()].some((u) => u.endsWith('.js'))).toBe(true);
        for (const [u, text] of assets) {
          expect(text.includes(secret), `${u} contains the API key`).toBe(false);
          expect(text.includes(upstream.workspaceId), `${u} contains the workspace id`).toBe(false);
          // The users' destinations live in server modules the page imports by type only.
          expect(text.includes('ana@example.com'), `${u} contains a server-side destination`).toBe(false);
        }
        await expect.poll(() => page.getByTestId('mode').innerText()).toBe('Fyno');
        await page.getByRole('button', { name: 'Ben Okafor' }).click();
        await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain('Ben Okafor');
        const card = page.getByTestId('event-password_reset');
        await card.getByRole('button', { name: /send password reset/i }).click();
        await expect.poll(() => card.getByRole('status').innerText(), { timeout: 10_000 }).toContain('Sent to');
        expect(upstream.messages({ distinct_id: 'u_ben' })).toHaveLength(1);
        expect(app.output().includes(secret)).toBe(false);
      } finally {
        await browser.close();
        await app.stop();
        await upstream.stop();
      }
    });
  });
}
