// Shared by the demo page tests (demo-*.test.mjs): the demo server (www/ at / and pkg/ at /pkg/,
// on a free port), opening a demo page as a person would, the panels, and screenshots.
import path from 'node:path';
import { before, after } from 'node:test';
import fs from 'node:fs';
import { serveDemo, ROOT } from '../../scripts/serve.mjs';
import { startHarness, EMULATOR_URL, BROWSER } from '../support/harness.mjs';

/** Screenshots of every demo test land here (git-ignored), one folder per browser. */
export const SHOTS = path.join(ROOT, 'test-results', 'demo', BROWSER);

/** Starts the browser harness and a demo server; `close()` stops both. */
export async function startDemo() {
  const h = await startHarness();
  const demo = await serveDemo({ port: 0 });
  return {
    h,
    url: demo.url,
    /**
     * Opens `pathname` of the demo for `env` (the page remembers emulator and env for the tab).
     * `fakeClock` installs Playwright's clock first, so a test can fast-forward the 60 s countdown.
     */
    async open(pathname, env, { fakeClock = false, viewport } = {}) {
      const page = await h.newPage();
      if (viewport) await page.setViewportSize(viewport);
      if (fakeClock) await page.clock.install();
      const q = new URLSearchParams({ emulator: EMULATOR_URL, env });
      await page.goto(`${demo.url}${pathname}?${q}`);
      await page.locator('#auth-log li', { hasText: 'INITIAL_SESSION' }).waitFor();
      return page;
    },
    async close() {
      await demo.close();
      await h.close();
    },
  };
}

/** In a test file: starts the demo before its tests and stops it after; returns `d`, filled in by `before`. */
export function useDemo() {
  const d = {};
  before(async () => { Object.assign(d, await startDemo()); });
  after(async () => { await d.close?.(); });
  return d;
}

/** The newest code shown in the page's outbox panel (waits for one to `address` to appear). */
export async function codeFromOutbox(page, address) {
  const item = page.locator('#outbox li', { hasText: address }).first();
  await item.waitFor();
  return (await item.locator('.code').textContent()).trim();
}

/** Waits until the outbox panel lists `n` codes in total. */
export async function waitForOutboxCount(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('#outbox li:not(.empty)').length === n, n);
}

/** Events shown in the auth state log, oldest first. */
export function loggedEvents(page) {
  return page.$$eval('#auth-log .event', (els) => els.map((e) => e.textContent));
}

/** Saves a full-page screenshot as test-results/demo/BROWSER/NAME.png. */
export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
