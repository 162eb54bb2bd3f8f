// Shared set-up for page-level and conformance tests: headless Debian Chromium through
// playwright-core, a static server for pkg/, www/, the bundled official SDK and fixtures,
// and small clients for the emulator-only API.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic, ROOT } from '../../scripts/serve.mjs';

/** URL of the emulator started by scripts/test.sh. */
export const EMULATOR_URL = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8787';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh env id per test, so tests never see each other's users. */
export function freshEnv(name) {
  return `t-${name}-${Math.random().toString(36).slice(2, 10)}`;
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
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    baseUrl: server.url,
    browser,
    /** A new isolated context (own localStorage) with a page on the blank fixture; page errors are collected. */
    async newPage(pathname = '/blank.html') {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      await page.goto(server.url + pathname);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

async function emulatorCall(method, pathAndQuery, body) {
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
  return emulatorCall('POST', '/_emulator/users', user);
}

/** Requests the emulator served for an env (optionally one path), oldest first. */
export async function servedRequests(env, pathFilter) {
  const q = new URLSearchParams({ env, ...(pathFilter ? { path: pathFilter } : {}) });
  return (await emulatorCall('GET', `/_emulator/requests?${q}`)).requests;
}

/** Records every request a page sends to the emulator's /auth API: method, path, header names, JSON body. */
export function recordAuthRequests(page) {
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
  return (await emulatorCall('GET', `/_emulator/outbox?${q}`)).messages;
}

/** The newest code sent to `address` in `env`. */
export async function latestCode(env, address) {
  const messages = await readOutbox(env, address);
  if (!messages.length) throw new Error(`no verification code sent to ${address} in ${env}`);
  return messages[messages.length - 1].code;
}

/** Moves the emulator's (global) clock forward; only for tests that run sequentially. */
export function advanceClock(seconds) {
  return emulatorCall('POST', '/_emulator/clock', { advance_seconds: seconds });
}

/**
 * Opens a page with `modulePath` (our package or the official SDK) as `cloudbase`, pointed at the
 * emulator in `env`: `window.auth`, `window.shape` (built from `shapeFn`, the source of a function)
 * and `window.events` (the docs' state listener, `EVENT:session|null`). Used by the differential suites.
 */
export async function openApp(harness, modulePath, env, shapeFn) {
  const page = await harness.newPage();
  const requests = recordAuthRequests(page);
  await page.evaluate(async ({ modulePath, env, emu, shapeFn }) => {
    const cloudbase = (await import(modulePath)).default;
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.auth = app.auth;
    window.shape = eval(shapeFn);
    window.events = [];
    window.auth.onAuthStateChange((event, session) => window.events.push(`${event}:${session ? 'session' : 'null'}`));
  }, { modulePath, env, emu: EMULATOR_URL, shapeFn });
  return { page, requests };
}
