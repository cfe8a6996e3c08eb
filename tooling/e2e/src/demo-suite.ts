/**
 * The browser suite, written once and run against every demo app (Express and Nest): a real
 * Chromium on the page, the emulator's own log as the witness of what was sent.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from './app-process';
import { artifactsDir, launch } from './browser';

interface EmulatedMessage {
  event: string;
  distinct_id?: string;
  data?: Record<string, unknown>;
}

export function demoSuite(name: string, start: () => Promise<AppProcess>): void {
  describe(`${name} in Chromium`, () => {
    let app: AppProcess;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const consoleErrors: string[] = [];

    const messages = async (distinctId?: string): Promise<EmulatedMessage[]> => {
      const query = distinctId ? `?distinct_id=${encodeURIComponent(distinctId)}` : '';
      const res = await fetch(`${app.url}/emulator/_emulator/messages${query}`);
      return (await res.json()) as EmulatedMessage[];
    };
    const clearMessages = () => fetch(`${app.url}/emulator/_emulator/messages`, { method: 'DELETE' });

    beforeAll(async () => {
      [app, browser] = await Promise.all([start(), launch()]);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    const signInAs = async (userName: string) => {
      await page.getByRole('button', { name: userName }).click();
      await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain(userName);
    };

    it('signs in, fires an event, shows success and the message in the inbox — sent once, for that user', async () => {
      await page.goto(app.url);
      await expect.poll(() => page.getByTestId('mode').innerText()).toBe('Built-in emulator');
      await clearMessages();
      await signInAs('Ana Souza');
      const card = page.getByTestId('event-order_shipped');
      await card.getByRole('textbox').fill('E2E-42');
      await card.getByRole('button', { name: /send order shipped/i }).click();
      await expect.poll(() => card.getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/Sent to\s+(inapp · ok\s*)?email · ok\s*sms · ok/);
      const inbox = page.getByTestId('inbox-message');
      await expect.poll(() => inbox.count(), { timeout: 10_000 }).toBe(1);
      expect(await inbox.first().innerText()).toContain('E2E-42');
      const sent = await messages();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ event: 'order_shipped', distinct_id: 'u_ana', data: { order: 'E2E-42' } });
      await page.screenshot({ path: join(artifactsDir, `${name.replace(/\W+/g, '-')}-demo.png`), fullPage: true });
    });

    it('sends one message for a double click', async () => {
      await clearMessages();
      const card = page.getByTestId('event-password_reset');
      await card.getByRole('button', { name: /send password reset/i }).dblclick();
      await expect.poll(() => card.getByRole('status').innerText(), { timeout: 10_000 }).toContain('Sent to');
      // Give a stray second request time to land before counting.
      await new Promise((r) => setTimeout(r, 500));
      expect(await messages('u_ana')).toHaveLength(1);
    });

    it('refuses an event not on the allow-list with 403, and nothing reaches the emulator', async () => {
      await clearMessages();
      const check = page.getByTestId('check-forbidden');
      await check.getByRole('button').click();
      await expect.poll(() => check.getByTestId('error-code').innerText(), { timeout: 10_000 }).toBe('event_not_allowed');
      expect(await check.innerText()).toContain('HTTP 403');
      // A crafted request from the page itself, naming a recipient, is refused too.
      const crafted = await page.evaluate(async () => {
        const res = await fetch('/api/fyno/notify', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ event: 'order_shipped', data: { order: 'X' }, to: { email: 'victim@example.com' } }),
        });
        return { status: res.status, body: await res.json() };
      });
      expect(crafted).toMatchObject({ status: 400, body: { error: { code: 'forbidden_field' } } });
      expect(await messages()).toHaveLength(0);
    });

    it('shows the 401 error state when signed out, and sends nothing', async () => {
      await clearMessages();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain('Signed out');
      const card = page.getByTestId('event-new_message');
      await card.getByRole('button', { name: /send new message/i }).click();
      await expect.poll(() => card.getByTestId('error-code').innerText(), { timeout: 10_000 }).toBe('unauthorized');
      expect(await card.innerText()).toContain('HTTP 401');
      expect(await messages()).toHaveLength(0);
    });

    it('logs no console errors', () => {
      // The 401/403/400 answers above are expected; the browser logs failed fetches as errors.
      const unexpected = consoleErrors.filter((t) => !/status of (400|401|403)/.test(t));
      expect(unexpected).toEqual([]);
    });
  });
}

/** Every asset the page loads (and the page itself), fetched again as text. */
export async function servedAssets(page: Page, url: string): Promise<Map<string, string>> {
  const urls = new Set<string>([url]);
  page.on('response', (r) => urls.add(r.url()));
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  const html = await (await fetch(url)).text();
  for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) urls.add(new URL(m[1]!, url).toString());
  const out = new Map<string, string>();
  for (const u of urls) {
    if (!u.startsWith(url)) continue;
    out.set(u, await (await fetch(u)).text());
  }
  return out;
}
