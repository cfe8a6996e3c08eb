/**
 * A demo's delivery-report loop in a real Chromium: fire from the page, and the inbox shows the
 * message's status reach "delivered" (and "read" for email) as the emulator's signed reports arrive
 * at the demo's own receiver (Express's `deliveryReports()`, or core's web handler in Next.js).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from './app-process';
import { artifactsDir, launch } from './browser';

export function deliveryReportsSuite(name: string, start: () => Promise<AppProcess>): void {
  describe(`${name} delivery reports in Chromium`, () => {
    let app: AppProcess;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      [app, browser] = await Promise.all([start(), launch()]);
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("a fired message's status goes from sent to delivered in the page, and to read for email", async () => {
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Ben Okafor' }).click();
      await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain('Ben Okafor');
      const card = page.getByTestId('event-order_shipped');
      await card.getByRole('textbox').fill('DR-7');
      await card.getByRole('button', { name: /send order shipped/i }).click();
      const message = page.getByTestId('inbox-message').first();
      const stage = (channel: string) => message.locator(`[data-testid="delivery-status"][data-channel="${channel}"]`).getAttribute('data-status');
      await expect.poll(() => message.innerText(), { timeout: 10_000 }).toContain('DR-7');
      await expect.poll(() => stage('sms'), { timeout: 20_000 }).toBe('delivered');
      await expect.poll(() => stage('email'), { timeout: 20_000 }).toBe('read');
      expect(await message.innerText()).toMatch(/sms: \+15550001002 · delivered/);
      await page.screenshot({ path: join(artifactsDir, `${name.replace(/\W+/g, '-')}-delivery-reports.png`), fullPage: true });
      // What the emulator sent, and the demo receiver's answers: every report verified and taken (200).
      const reports = (await (await fetch(`${app.url}/emulator/_emulator/reports`)).json()) as Array<{ state: string; attempts: Array<{ status: number }> }>;
      expect(reports.length).toBeGreaterThanOrEqual(5);
      expect(reports.every((r) => r.state !== 'failed' && r.attempts.every((a) => a.status === 200))).toBe(true);
    });

    it('shows failed for a user whose destinations fail', async () => {
      await page.getByRole('button', { name: 'Fay Bounce' }).click();
      await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain('Fay Bounce');
      await page
        .getByTestId('event-password_reset')
        .getByRole('button', { name: /send password reset/i })
        .click();
      const message = page.getByTestId('inbox-message').first();
      await expect
        .poll(() => message.locator('[data-testid="delivery-status"][data-channel="email"]').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('failed');
    });
  });
}
