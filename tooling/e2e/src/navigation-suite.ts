/**
 * Notify, then leave at once, on a slow link: the case that lost notifications when the hook
 * aborted on unmount. The link is Chromium's own network emulation (CDP
 * `Network.emulateNetworkConditions`), which delays responses but sends requests at once; so the
 * notify request is also held for the same latency on its way out (request interception), as a
 * slow uplink holds it. A page that cancels it in that time sends nothing: what the old hook did.
 * The emulator's log counts what arrived.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from './app-process';
import { launch } from './browser';

/** The link: 300 ms latency, 50 kB/s each way. */
export const SLOW_LINK = { offline: false, latency: 300, downloadThroughput: 50_000, uploadThroughput: 50_000 };
export const ROUNDS = 10;

/**
 * One round: click "Reset password and go" (the component calls `notify()` and is gone in the same
 * click: `router.push` to a prefetched page in Next.js, a state change in the Express page), wait
 * until it is gone, on the slow link; then come back on a fast one.
 */
async function sendAndLeave(page: Page): Promise<void> {
  await page.getByTestId('send-and-go').getByRole('button', { name: 'Reset password and go' }).click();
  await page.getByTestId('sent-page').waitFor({ timeout: 30_000 });
}

async function comeBack(page: Page): Promise<void> {
  await page.getByTestId('sent-page').getByText('Back to the demo').click();
  await page.getByTestId('send-and-go').waitFor({ timeout: 30_000 });
}

export function navigationSuite(name: string, start: () => Promise<AppProcess>): void {
  describe(`${name}: notify, then navigate at once, on a slow link`, () => {
    let app: AppProcess;
    let browser: Browser;
    let page: Page;
    let cdp: CDPSession;

    beforeAll(async () => {
      [app, browser] = await Promise.all([start(), launch()]);
      page = await (await browser.newContext()).newPage();
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await page.route('**/api/fyno/notify', async (route) => {
        await new Promise((r) => setTimeout(r, SLOW_LINK.latency));
        // Rejects when the page cancelled the request meanwhile: then nothing reaches the server.
        await route.continue().catch(() => undefined);
      });
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    const delivered = async () => {
      const res = await fetch(`${app.url}/emulator/_emulator/messages?distinct_id=u_chloe`);
      return ((await res.json()) as Array<{ event: string }>).filter((m) => m.event === 'password_reset').length;
    };

    it(`delivers ${ROUNDS} of ${ROUNDS}`, { timeout: 240_000 }, async () => {
      await fetch(`${app.url}/emulator/_emulator/messages`, { method: 'DELETE' });
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Chloé Martin' }).click();
      await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain('Chloé Martin');
      for (let round = 0; round < ROUNDS; round++) {
        await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
        await sendAndLeave(page);
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
        await comeBack(page);
      }
      // Wait for stragglers (up to 20 s), then a little longer, so a duplicate would show too.
      for (const until = Date.now() + 20_000; Date.now() < until && (await delivered()) < ROUNDS; ) {
        await new Promise((r) => setTimeout(r, 250));
      }
      await new Promise((r) => setTimeout(r, 500));
      const count = await delivered();
      console.log(`${name}: delivered ${count} of ${ROUNDS} on a ${SLOW_LINK.latency} ms, ${SLOW_LINK.downloadThroughput / 1000} kB/s link`);
      expect(count).toBe(ROUNDS);
    });
  });
}
