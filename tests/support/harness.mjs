// Shared set-up for the page-level (tests/page/) and conformance (tests/conformance/) tests:
// a headless browser driven by playwright-core (BROWSER=chromium, the default, or BROWSER=firefox:
// see browsers.mjs), a static server for pkg/, www/, the bundled official SDK (target/sdk) and
// tests/page/fixtures, and small clients for the emulator. A test file that does not record
// request bodies (recordAuthRequests) runs in either browser unchanged; scripts/test.sh runs
// tests/page/ in both, tests/conformance/ in Chromium.
//
// API (import from '../support/harness.mjs'):
//   useHarness()                   in a test file: starts the browser and server before its tests and
//                                  stops them after; returns `h` (filled in once `before` ran).
//   startHarness()                 the same by hand: resolves to `h`; call `h.close()` when done.
//   h.baseUrl                      the static server ('/' = tests/page/fixtures, '/pkg/', '/www/', '/sdk/').
//   h.newPage(path = '/blank.html') a page in a new isolated context (own storage); `page.errors`
//                                  collects uncaught page errors. The page is a Playwright Page.
//   h.pageIn(context, path)        the same in an existing context (shares its storage).
//   BROWSER                        'chromium' or 'firefox', from the BROWSER environment variable.
//   EMULATOR_URL                   the emulator scripts/test.sh started.
//   freshEnv(name)                 a new env id, so tests never see each other's users.
//   emulator(method, path, body)   a JSON call to the emulator; throws on a non-2xx answer.
//   createUser(user), servedRequests(env, path?), readOutbox(env, address?), latestCode(env, address),
//   advanceClock(seconds)          the emulator-only API (/_emulator/...).
//   recordAuthRequests(page)       every /auth/ request the page sends: method, path, query, headers,
//                                  body (Chromium only; elsewhere read the emulator's servedRequests).
//   settle(page)                   waits until the page has no request in flight and its event loop
//                                  has gone idle: asynchronous work a test cannot await (event
//                                  delivery, a URL clean-up) is done. Use it instead of a sleep.
//   waitForExpiry(page, expiresAt) waits until the page's clock has passed a session's `expires_at`.
//   until(check, what)             polls a Node-side condition (e.g. the emulator's logs) until truthy.
//   openApp(h, module, env, opts), step(page, fn, arg), finish(page)
//                                  the differential suites' page, one recorded call, and its end.
import path from 'node:path';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, BROWSER } from './browsers.mjs';
import { serveStatic, ROOT } from '../../scripts/serve.mjs';

export { BROWSER };

/** URL of the emulator started by scripts/test.sh. */
export const EMULATOR_URL = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8787';

/** A fresh env id per test, so tests never see each other's users. */
export function freshEnv(name) {
  return `t-${name}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Counts the page's requests in flight (`page.inflight`) and started (`page.started`), for `settle`. */
function trackRequests(page) {
  page.inflight = new Set();
  page.started = 0;
  page.on('request', (req) => { page.inflight.add(req); page.started += 1; });
  const done = (req) => page.inflight.delete(req);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Starts the browser and the static server; call `close()` when done. */
export async function startHarness() {
  const server = await serveStatic({
    mounts: {
      '/': path.join(ROOT, 'tests/page/fixtures'),
      '/pkg/': path.join(ROOT, 'pkg'),
      '/www/': path.join(ROOT, 'www'),
      '/sdk/': path.join(ROOT, 'target/sdk'),
    },
  });
  const browser = await launchBrowser();
  return {
    baseUrl: server.url,
    browser,
    /** A new isolated context (own localStorage) with a page on `pathname`; page errors are collected. */
    async newPage(pathname = '/blank.html') {
      return this.pageIn(await browser.newContext(), pathname);
    },
    /** Another page in `context` (sharing its storage), set up as `newPage` does. */
    async pageIn(context, pathname = '/blank.html') {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      trackRequests(page);
      await page.goto(server.url + pathname);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Registers `before`/`after` hooks that start and stop a harness around the calling test file's
 * tests; returns the harness object, filled in when `before` has run.
 */
export function useHarness() {
  const h = {};
  before(async () => { Object.assign(h, await startHarness()); });
  after(async () => { await h.close?.(); });
  return h;
}

/** Resolves once `check()` is truthy (re-checked every `every` ms); its value. Throws after `timeout` ms. */
export async function until(check, what, { timeout = 10000, every = 20 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Waits until the page has settled: no request in flight, then its event loop idle
 * (requestIdleCallback), with no request started meanwhile. Microtask chains (event delivery
 * reading the session, a URL clean-up) have run by then; work waiting on the network is covered
 * by the request check.
 */
export async function settle(page) {
  for (;;) {
    await until(() => page.inflight.size === 0, `the requests of ${page.url()} to finish`);
    const started = page.started;
    await page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(), { timeout: 2000 })));
    if (page.started === started && page.inflight.size === 0) return;
  }
}

/** Waits until the page's clock is past `expiresAt` (a Date or ms), when both SDKs count the token expired. */
export function waitForExpiry(page, expiresAt) {
  return page.waitForFunction((t) => Date.now() > t, new Date(expiresAt).getTime(), { polling: 20 });
}

/** A JSON call to the emulator; throws with the answer when it is not a 2xx. */
export async function emulator(method, pathAndQuery, body) {
  const res = await fetch(EMULATOR_URL + pathAndQuery, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${pathAndQuery} -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates a user through the emulator-only API. */
export function createUser(user) {
  return emulator('POST', '/_emulator/users', user);
}

/** Requests the emulator served for an env (optionally one path), oldest first. */
export async function servedRequests(env, pathFilter) {
  const q = new URLSearchParams({ env, ...(pathFilter ? { path: pathFilter } : {}) });
  return (await emulator('GET', `/_emulator/requests?${q}`)).requests;
}

/**
 * Records every request a page sends to the emulator's /auth API: method, path, query, headers,
 * JSON body. Chromium only: Playwright's WebDriver BiDi client (Firefox) reports no request bodies.
 */
export function recordAuthRequests(page) {
  if (BROWSER !== 'chromium') throw new Error(`recordAuthRequests needs request bodies, which ${BROWSER} does not report to Playwright`);
  const seen = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith('/auth/') || req.method() === 'OPTIONS') return;
    let body = null;
    try { body = req.postData() ? JSON.parse(req.postData()) : null; } catch { body = req.postData(); }
    seen.push({ method: req.method(), path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers(), body });
  });
  return seen;
}

/** Verification codes the emulator "sent" in an env, oldest first (optionally to one address: an email, or a phone in any form). */
export async function readOutbox(env, address) {
  const q = new URLSearchParams({ env, ...(address ? { address } : {}) });
  return (await emulator('GET', `/_emulator/outbox?${q}`)).messages;
}

/** The newest code sent to `address` in `env`. */
export async function latestCode(env, address) {
  const messages = await readOutbox(env, address);
  if (!messages.length) throw new Error(`no verification code sent to ${address} in ${env}`);
  return messages[messages.length - 1].code;
}

/** Moves the emulator's (global) clock forward; only for tests that run sequentially. */
export function advanceClock(seconds) {
  return emulator('POST', '/_emulator/clock', { advance_seconds: seconds });
}

/**
 * Opens a page with `modulePath` (our package or the official SDK) as `cloudbase`, pointed at the
 * emulator in `env`, for the differential suites: `window.auth`; `window.events`, the docs' state
 * listener (`EVENT:session|null`); and `window.shape(v)`, the recursive key set and value types of
 * `v` (errors by their code only: the official AuthError carries long guidance texts). Arrays
 * shape as every element (`arrays: 'each'`) or as their first one (`'first'`). With
 * `listExtraKeys`, `step` shapes only a result's `data` and `error` and lists its other top-level
 * keys as `otherKeys` (the official SDK adds cyclic LoginState objects to some results).
 */
export async function openApp(harness, modulePath, env, { arrays = 'each', listExtraKeys = false } = {}) {
  const page = await harness.newPage();
  const requests = recordAuthRequests(page);
  await page.evaluate(async ({ modulePath, env, emu, arrays, listExtraKeys }) => {
    const cloudbase = (await import(modulePath)).default;
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.auth = app.auth;
    const shape = (v) => {
      if (v === null || v === undefined) return v === null ? null : 'undefined';
      if (typeof v === 'function') return 'function';
      if (v instanceof Date) return 'Date';
      if (Array.isArray(v)) return arrays === 'each' ? v.map(shape) : v.slice(0, 1).map(shape);
      if (typeof v === 'object') {
        if (v.name === 'AuthError' || v instanceof Error) return { AuthError: v.code };
        const o = {};
        for (const k of Object.keys(v).sort()) o[k] = shape(v[k]);
        return o;
      }
      return typeof v;
    };
    window.shape = shape;
    window.shapeResult = !listExtraKeys ? shape : (r) => {
      if (!r || typeof r !== 'object') return shape(r);
      const { data, error, ...rest } = r;
      const out = shape({ data, error });
      if (Object.keys(rest).length) out.otherKeys = Object.keys(rest).sort();
      return out;
    };
    window.events = [];
    window.auth.onAuthStateChange((event, session) => window.events.push(`${event}:${session ? 'session' : 'null'}`));
  }, { modulePath, env, emu: EMULATOR_URL, arrays, listExtraKeys });
  return { page, requests };
}

/** In an `openApp` page: runs `fn(arg)`, keeps its result as `window.last` and returns its shape. */
export function step(page, fn, arg) {
  return page.evaluate(async ({ fn, arg }) => {
    const r = await eval(fn)(arg);
    window.last = r;
    return window.shapeResult(r);
  }, { fn: fn.toString(), arg });
}

/** Ends an `openApp` page: once it has settled, asserts no page error, closes it; the events it saw. */
export async function finish(page) {
  await settle(page);
  const events = await page.evaluate(() => window.events);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  return events;
}
