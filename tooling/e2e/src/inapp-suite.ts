/**
 * The in-app inbox in a real Chromium, on a demo started as its README starts it: the bell counts up
 * live when an event with `inapp` is fired, reads and deletes follow in a second tab, a reload keeps
 * the state, a connection cut at the server (Playwright's offline mode leaves open WebSockets alone)
 * reconnects and catches up, a 400 ms link still works, and no secret reaches the browser.
 */
import { join } from 'node:path';
import { DEFAULT_API_KEY, DEFAULT_INAPP_TOKEN } from '@fyno-kit/emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from './app-process';
import { artifactsDir, launch } from './browser';
import { servedAssets } from './demo-suite';

/** The figures of one run, printed at the end (the closing note quotes them). */
const figures: Record<string, number | string> = {};

export function inappSuite(name: string, start: () => Promise<AppProcess>): void {
  describe(`${name} in-app inbox in Chromium`, () => {
    let app: AppProcess;
    let browser: Browser;
    let context: BrowserContext;
    let tabA: Page;
    let tabB: Page;
    /** Every body and WebSocket frame the browser received, searched for secrets at the end. */
    const received: { url: string; text: string }[] = [];
    let sessionCookie = '';

    const watch = (page: Page) => {
      page.on('response', (r) => {
        void r.text().then(
          (text) => received.push({ url: r.url(), text }),
          () => undefined, // redirects and aborted requests have no body
        );
      });
      page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push({ url: ws.url(), text: String(f.payload) })));
    };

    const bell = (page: Page) => page.getByTestId('inapp-bell');
    const unread = async (page: Page) => Number(await bell(page).getAttribute('data-unread'));
    const status = (page: Page) => bell(page).getAttribute('data-status');

    /** Polls until the bell of `page` shows `count`; resolves with the milliseconds it took, or throws after `timeoutMs`. */
    const untilUnread = async (page: Page, count: number, timeoutMs: number, since = Date.now()): Promise<number> => {
      for (;;) {
        if ((await unread(page).catch(() => Number.NaN)) === count) return Date.now() - since;
        if (Date.now() - since > timeoutMs) throw new Error(`the bell showed ${await unread(page)} unread, not ${count}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    /**
     * Notes, in the page, when its bell first shows `count` unread (and when the page is next
     * clicked): timed by the page itself, not by this process's polling. The page's clock is this
     * machine's, as is the test's.
     */
    const arm = (page: Page, count: number) =>
      page.evaluate((n) => {
        const w = window as unknown as { __unreadAt?: number; __clickAt?: number };
        const el = document.querySelector('[data-testid="inapp-bell"]')!;
        w.__unreadAt = undefined;
        w.__clickAt = undefined;
        // Room for the next request's timing: a full buffer (250 entries: chunks, polling) drops it.
        performance.clearResourceTimings();
        document.addEventListener('click', () => (w.__clickAt = Date.now()), { capture: true, once: true });
        new MutationObserver((_, observer) => {
          if (el.getAttribute('data-unread') !== String(n)) return;
          w.__unreadAt = Date.now();
          observer.disconnect();
        }).observe(el, { attributes: true, attributeFilter: ['data-unread'] });
      }, count);
    const noted = (page: Page) =>
      page.evaluate(() => {
        const w = window as unknown as { __unreadAt?: number; __clickAt?: number };
        return { unreadAt: w.__unreadAt ?? Number.NaN, clickAt: w.__clickAt ?? Number.NaN };
      });

    /** Fires `new_message` (it carries in-app) through the demo's own notify route, as the signed-in user. */
    const fireAsUser = async (text: string) => {
      const res = await fetch(`${app.url}/api/fyno/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: sessionCookie },
        body: JSON.stringify({ event: 'new_message', data: { from: 'E2E', text } }),
      });
      expect(res.status).toBe(202);
    };

    const openPanel = async (page: Page) => {
      if ((await bell(page).getAttribute('aria-expanded')) !== 'true') await bell(page).click();
      return page.getByTestId('inapp-panel');
    };

    beforeAll(async () => {
      [app, browser] = await Promise.all([start(), launch()]);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      tabA = await context.newPage();
      tabB = await context.newPage();
      watch(tabA);
      watch(tabB);
    });

    afterAll(async () => {
      console.log(`[in-app e2e] ${name}: ${JSON.stringify(figures)}`);
      await browser?.close();
      await app?.stop();
    });

    it('fired with inapp, the bell counts up within a second in both tabs', async () => {
      await tabA.goto(app.url);
      await tabA.getByRole('button', { name: 'Ana Souza' }).click();
      await expect.poll(() => tabA.getByTestId('signed-in-as').innerText()).toContain('Ana Souza');
      sessionCookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      // The second tab shares the sign-in (same cookies), as a second tab of one browser does.
      await tabB.goto(app.url);
      const opened = Date.now();
      await expect.poll(() => status(tabA), { timeout: 15_000 }).toBe('open');
      await expect.poll(() => status(tabB), { timeout: 15_000 }).toBe('open');
      figures.connectMs = Date.now() - opened;
      expect(await unread(tabA)).toBe(0);

      const card = tabA.getByTestId('event-new_message');
      await card.getByRole('textbox').fill('first in-app');
      await arm(tabA, 1);
      await arm(tabB, 1);
      await card.getByRole('button', { name: /send new message/i }).click();
      await untilUnread(tabA, 1, 10_000);
      await untilUnread(tabB, 1, 10_000);
      // When the notify route's answer reached the page, by the page's own resource timing (the entry
      // appears once the answer is complete, which may be after the bell counted up).
      const routeTiming = () =>
        tabA.evaluate(() => {
          const entry = performance
            .getEntriesByType('resource')
            .filter((e) => e.name.endsWith('/api/fyno/notify'))
            .at(-1) as PerformanceResourceTiming | undefined;
          return entry ? { sentAt: performance.timeOrigin + entry.startTime, answeredAt: performance.timeOrigin + entry.responseEnd } : null;
        });
      await expect.poll(routeTiming, { timeout: 10_000 }).not.toBeNull();
      const route = (await routeTiming())!;
      const a = await noted(tabA);
      const b = await noted(tabB);
      figures.notifyRouteMs = Math.round(route.answeredAt - route.sentAt);
      // Negative: the bell counted up before the route's answer arrived (the socket is faster).
      figures.bellAfterAnswerMsTabA = Math.round(a.unreadAt - route.answeredAt);
      figures.bellAfterAnswerMsTabB = Math.round(b.unreadAt - route.answeredAt);
      figures.clickToBellMsTabA = Math.round(a.unreadAt - a.clickAt);
      // Within a second of the notify route's answer, in the tab that fired and in the other one.
      expect(a.unreadAt - route.answeredAt).toBeLessThan(1_000);
      expect(b.unreadAt - route.answeredAt).toBeLessThan(1_000);
      const panel = await openPanel(tabA);
      await expect.poll(() => panel.getByTestId('inapp-message').count()).toBe(1);
      expect(await panel.getByTestId('inapp-message').first().innerText()).toContain('first in-app');
    });

    it('mark read brings the count down in both tabs', async () => {
      await fireAsUser('second in-app');
      await untilUnread(tabA, 2, 5_000);
      await untilUnread(tabB, 2, 5_000);
      const panel = await openPanel(tabA);
      const newest = panel.getByTestId('inapp-message').first();
      expect(await newest.innerText()).toContain('second in-app');
      await arm(tabA, 1);
      await arm(tabB, 1);
      await newest.getByRole('button', { name: 'Mark read' }).click();
      await untilUnread(tabA, 1, 5_000);
      await untilUnread(tabB, 1, 5_000);
      const a = await noted(tabA);
      // Tab A at once (optimistic); tab B when the server's statusUpdated reaches it.
      figures.readClickToCountMsTabA = Math.round(a.unreadAt - a.clickAt);
      figures.readClickToCountMsTabB = Math.round((await noted(tabB)).unreadAt - a.clickAt);
      expect(await newest.getAttribute('data-read')).toBe('true');
      // The other tab's list agrees on which one was read.
      const panelB = await openPanel(tabB);
      await expect.poll(() => panelB.getByTestId('inapp-message').first().getAttribute('data-read')).toBe('true');
      expect(await panelB.getByTestId('inapp-message').nth(1).getAttribute('data-read')).toBe('false');
    });

    it('delete removes the message in both tabs', async () => {
      await fireAsUser('to be deleted');
      await untilUnread(tabB, 2, 5_000);
      const panelA = await openPanel(tabA);
      const panelB = await openPanel(tabB);
      await expect.poll(() => panelA.getByTestId('inapp-message').count()).toBe(3);
      const doomed = panelA.getByTestId('inapp-message').filter({ hasText: 'to be deleted' });
      await doomed.getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => panelA.getByTestId('inapp-message').count()).toBe(2);
      await expect.poll(() => panelB.getByTestId('inapp-message').count(), { timeout: 5_000 }).toBe(2);
      expect(await panelB.innerText()).not.toContain('to be deleted');
      await untilUnread(tabA, 1, 5_000);
      await untilUnread(tabB, 1, 5_000);
    });

    it('a reload keeps the state', async () => {
      await tabA.reload();
      await expect.poll(() => status(tabA), { timeout: 15_000 }).toBe('open');
      await untilUnread(tabA, 1, 5_000);
      const panel = await openPanel(tabA);
      await expect.poll(() => panel.getByTestId('inapp-message').count()).toBe(2);
      const items = panel.getByTestId('inapp-message');
      expect(await items.nth(0).innerText()).toContain('second in-app');
      expect(await items.nth(0).getAttribute('data-read')).toBe('true');
      expect(await items.nth(1).innerText()).toContain('first in-app');
      expect(await items.nth(1).getAttribute('data-read')).toBe('false');
    });

    it('cut at the server, the client reconnects and catches up on a message fired meanwhile', async () => {
      // Record every status the bell goes through, in the page itself (polling could miss a short one).
      await tabA.evaluate(() => {
        const el = document.querySelector('[data-testid="inapp-bell"]')!;
        const seen: string[] = [];
        (window as unknown as { __inappStatuses: string[] }).__inappStatuses = seen;
        new MutationObserver(() => seen.push(el.getAttribute('data-status') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-status'] });
      });
      const cut = Date.now();
      const res = await fetch(`${app.url}/emulator/_emulator/inapp/disconnect?user_id=u_ana`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
      const { disconnected } = (await res.json()) as { disconnected: number };
      expect(disconnected).toBe(2); // both tabs
      // Fired while no socket of Ana's is open: only a catch-up after reconnecting can show it.
      await fireAsUser('while cut');
      figures.catchUpMs = await untilUnread(tabA, 2, 15_000, cut);
      await untilUnread(tabB, 2, 15_000, cut);
      await expect.poll(() => status(tabA)).toBe('open');
      const statuses = await tabA.evaluate(() => (window as unknown as { __inappStatuses: string[] }).__inappStatuses);
      expect(statuses).toContain('reconnecting');
      expect(statuses.at(-1)).toBe('open');
      const panel = await openPanel(tabA);
      await expect.poll(() => panel.getByTestId('inapp-message').first().innerText()).toContain('while cut');
      await tabA.screenshot({ path: join(artifactsDir, `${name.replace(/\W+/g, '-')}-inapp.png`) });
    });

    it('on a 400 ms link the bell still counts up and a read holds', async () => {
      const slow = await context.newPage();
      watch(slow);
      const cdp = await context.newCDPSession(slow);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: -1, uploadThroughput: -1 });
      await slow.goto(app.url);
      const opened = Date.now();
      await expect.poll(() => status(slow), { timeout: 30_000 }).toBe('open');
      figures.slowConnectMs = Date.now() - opened;
      await untilUnread(slow, 2, 10_000);
      const fired = Date.now();
      await fireAsUser('over a slow link');
      figures.slowBellMs = await untilUnread(slow, 3, 10_000, fired);
      const panel = await openPanel(slow);
      const newest = panel.getByTestId('inapp-message').first();
      await expect.poll(() => newest.innerText()).toContain('over a slow link');
      await newest.getByRole('button', { name: 'Mark read' }).click();
      await untilUnread(slow, 2, 10_000);
      // Held: the server confirmed it (no undo after the round trips), and a fresh load agrees.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await unread(slow)).toBe(2);
      expect(await newest.getAttribute('data-read')).toBe('true');
      expect(await slow.getByTestId('inapp-error').count()).toBe(0);
      await untilUnread(tabB, 2, 5_000);
      await slow.reload();
      await expect.poll(() => status(slow), { timeout: 30_000 }).toBe('open');
      await untilUnread(slow, 2, 10_000);
      await slow.close();
    });

    it('no secret in any response or frame the browser received, nor in the page and its bundle', async () => {
      const page = await context.newPage();
      const assets = await servedAssets(page, app.url);
      await page.close();
      for (const [url, text] of assets) received.push({ url, text });
      expect(received.some((r) => r.url.includes('/api/fyno/inapp-session') && r.text.includes('"signature"'))).toBe(true);
      expect(received.some((r) => r.url.includes('socket.io'))).toBe(true);
      for (const { url, text } of received) {
        expect(text.includes(DEFAULT_API_KEY), `${url} carries the API key`).toBe(false);
        expect(text.includes(DEFAULT_INAPP_TOKEN), `${url} carries the in-app integration token`).toBe(false);
      }
      figures.bodiesSearched = received.length;
    });
  });
}
