/**
 * What users control, in a real Chromium: the "Notification settings" panel (`usePreferences()`
 * through the demo's preferences route) changes what the emulator delivers, and the choice
 * survives a reload; "Sign in with a code" refuses a wrong code and signs in with the right one,
 * read from the emulator as a user reads their email. The emulator's own log is the witness.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from './app-process';
import { artifactsDir, launch } from './browser';

interface EmulatedMessage {
  event: string;
  distinct_id?: string;
  msg_id: Record<string, string>;
  skipped?: Record<string, { reason: string; detail: string }>;
  otp?: string;
}

export function preferencesSuite(name: string, start: () => Promise<AppProcess>): void {
  describe(`${name}: notification settings in Chromium`, () => {
    let app: AppProcess;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];

    const messages = async (distinctId: string): Promise<EmulatedMessage[]> =>
      (await fetch(`${app.url}/emulator/_emulator/messages?distinct_id=${encodeURIComponent(distinctId)}`)).json() as Promise<EmulatedMessage[]>;
    const clearMessages = () => fetch(`${app.url}/emulator/_emulator/messages`, { method: 'DELETE' });
    const checkbox = (testId: string) => page.getByTestId(testId);
    const signedInAs = () => page.getByTestId('signed-in-as').innerText();

    beforeAll(async () => {
      [app, browser] = await Promise.all([start(), launch()]);
      page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('turns email off for "Order updates": the next order_shipped skips email, visibly, and the choice survives a reload', async () => {
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Ana Souza' }).click();
      await expect.poll(signedInAs).toContain('Ana Souza');
      const panel = page.getByTestId('preferences');
      await expect.poll(() => checkbox('pref-SORDERS001-email').isChecked(), { timeout: 15_000 }).toBe(true);
      expect(await checkbox('pref-SORDERS001-sms').isChecked()).toBe(true);
      // A required channel shows locked.
      expect(await checkbox('pref-SSECURITY1-email').isDisabled()).toBe(true);
      expect(await checkbox('pref-SSECURITY1-email').isChecked()).toBe(true);
      expect(await panel.getByTestId('pref-locked-SSECURITY1-email').innerText()).toContain('required');

      await checkbox('pref-SORDERS001-email').uncheck();
      await expect.poll(() => page.getByTestId('preferences-status').innerText(), { timeout: 15_000 }).toBe('Saved');
      expect(await checkbox('pref-SORDERS001-email').isChecked()).toBe(false);

      await clearMessages();
      const card = page.getByTestId('event-order_shipped');
      await card.getByRole('textbox').fill('PREF-1');
      await card.getByRole('button', { name: /send order shipped/i }).click();
      // The route's 202 lists the channels sent: sms (and any other the event has), not email.
      await expect.poll(() => card.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/^Sent to(?!.*email).*sms · ok/s);
      const [sent] = await messages('u_ana');
      expect(sent).toMatchObject({ event: 'order_shipped', skipped: { email: { reason: expect.any(String) } } });
      expect(sent!.msg_id.email).toBeUndefined();
      expect(sent!.msg_id.sms).toBeDefined();
      // The demo's inbox says why email was not sent.
      const skipped = page.getByTestId('inbox-message').first().getByTestId('skipped');
      await expect.poll(() => skipped.getAttribute('data-channel'), { timeout: 15_000 }).toBe('email');
      expect(await skipped.innerText()).toMatch(/skipped/);
      await page.screenshot({ path: join(artifactsDir, `${name.replace(/\W+/g, '-')}-preferences.png`), fullPage: true });

      await page.reload();
      await expect.poll(() => checkbox('pref-SORDERS001-sms').isChecked(), { timeout: 15_000 }).toBe(true);
      expect(await checkbox('pref-SORDERS001-email').isChecked()).toBe(false);

      // Another user's preferences are their own.
      await page.getByRole('button', { name: 'Ben Okafor' }).click();
      await expect.poll(signedInAs).toContain('Ben Okafor');
      await expect.poll(() => checkbox('pref-SORDERS001-email').isChecked(), { timeout: 15_000 }).toBe(true);
    });

    it('turns email back on: the next fire sends it again', async () => {
      await page.getByRole('button', { name: 'Ana Souza' }).click();
      await expect.poll(signedInAs).toContain('Ana Souza');
      await expect.poll(() => checkbox('pref-SORDERS001-email').isChecked(), { timeout: 15_000 }).toBe(false);
      await checkbox('pref-SORDERS001-email').check();
      await expect.poll(() => page.getByTestId('preferences-status').innerText(), { timeout: 15_000 }).toBe('Saved');
      await clearMessages();
      const card = page.getByTestId('event-order_shipped');
      await card.getByRole('button', { name: /send order shipped/i }).click();
      await expect.poll(() => card.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/Sent to.*email · ok.*sms · ok/s);
      const [sent] = await messages('u_ana');
      expect(sent!.skipped ?? {}).toEqual({});
    });

    it('logs no console errors', () => {
      expect(consoleErrors).toEqual([]);
    });
  });
}

export function codeSignInSuite(name: string, start: () => Promise<AppProcess>): void {
  describe(`${name}: sign in with a code in Chromium`, () => {
    let app: AppProcess;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];

    const messages = async (distinctId: string): Promise<EmulatedMessage[]> =>
      (await fetch(`${app.url}/emulator/_emulator/messages?distinct_id=${encodeURIComponent(distinctId)}`)).json() as Promise<EmulatedMessage[]>;
    const clearMessages = () => fetch(`${app.url}/emulator/_emulator/messages`, { method: 'DELETE' });
    const signedInAs = () => page.getByTestId('signed-in-as').innerText();

    beforeAll(async () => {
      [app, browser] = await Promise.all([start(), launch()]);
      page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('signs in with a code: a wrong code is refused, the right one (read from the emulator) signs in', async () => {
      await page.goto(app.url);
      await expect.poll(signedInAs).toContain('Signed out');
      await clearMessages();
      const form = page.getByTestId('code-sign-in');
      await form.getByLabel('Email for a sign-in code').fill('ben@example.com');
      await form.getByRole('button', { name: 'Email me a code' }).click();
      await expect.poll(() => page.getByTestId('code-sign-in-status').innerText(), { timeout: 15_000 }).toContain('a code is on its way');
      // Where the user reads their email: the emulator's inbox.
      await expect.poll(async () => (await messages('u_ben')).length, { timeout: 15_000 }).toBe(1);
      const [mail] = await messages('u_ben');
      expect(mail).toMatchObject({ event: 'login_code' });
      const otp = mail!.otp!;
      expect(otp).toMatch(/^\d{6}$/);
      // The page never had the code.
      expect(await page.content()).not.toContain(otp);

      await form.getByLabel('Sign-in code', { exact: true }).fill(otp === '000000' ? '000001' : '000000');
      await form.getByRole('button', { name: 'Sign in with the code' }).click();
      await expect.poll(() => page.getByTestId('code-sign-in-status').innerText(), { timeout: 15_000 }).toContain('not right');
      expect(await signedInAs()).toContain('Signed out');

      await form.getByLabel('Sign-in code', { exact: true }).fill(otp);
      await form.getByRole('button', { name: 'Sign in with the code' }).click();
      await expect.poll(signedInAs, { timeout: 15_000 }).toContain('Ben Okafor');
    });

    it('logs no console errors', () => {
      // The wrong code's 401 is expected; the browser logs failed fetches as errors.
      const unexpected = consoleErrors.filter((t) => !/status of 401/.test(t));
      expect(unexpected).toEqual([]);
    });
  });
}
