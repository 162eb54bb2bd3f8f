// Leaving a page while the package is still fetching: the browser aborts the fetch (Firefox rejects it with
// "NetworkError when attempting to fetch resource"). That is the person moving on, not a failure: nothing
// may surface as a page error, an unhandled rejection or a console error, in Chromium and in Firefox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT } from '../../scripts/serve.mjs';
import { useHarness, EMULATOR_URL, freshEnv, createUser, emulator, until, settle } from '../support/harness.mjs';

const h = useHarness();

/**
 * A page that records script console errors beside `page.errors` (uncaught errors and unhandled
 * rejections); the browser's own resource log (Chromium's favicon 404) is not script output.
 */
async function recordedPage() {
  const page = await h.newPage();
  page.consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && page.consoleErrors.push(m.text()));
  return page;
}

/** Waits until a request whose URL contains `part` is in flight, then opens another page. */
async function leaveDuring(page, part) {
  await until(() => [...page.inflight].some((r) => r.url().includes(part)), `a request to ${part} in flight`);
  await page.goto(`${h.baseUrl}/blank.html?left`);
}

/**
 * A server for a page and the package whose .wasm arrives slowly: the first bytes at once, the rest only
 * when `finish()` is called (a large download on a slow line). Resolves to { url, finish(), close() }.
 */
async function slowWasmServer() {
  const pending = [];
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1);
    if (name === 'page.html') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>slow</title>');
    const file = path.join(ROOT, 'pkg', name);
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    const body = fs.readFileSync(file);
    const wasm = name.endsWith('.wasm');
    res.writeHead(200, { 'Content-Type': wasm ? 'application/wasm' : 'text/javascript', 'Cache-Control': 'no-store' });
    if (!wasm) return res.end(body);
    res.write(body.subarray(0, 1024));
    pending.push(() => res.end(body.subarray(1024)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    finish: () => pending.splice(0).forEach((end) => end()),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

test('leaving while the .wasm is loading: no page error, no console error', async () => {
  const slow = await slowWasmServer();
  try {
    const page = await recordedPage();
    await page.goto(`${slow.url}/page.html`);
    await page.evaluate(() => {
      window.loading = import('/index.js').then(({ default: cloudbase }) => cloudbase.init({ env: 'leave-env' }).auth.getSession());
    });
    await leaveDuring(page, '.wasm');
    slow.finish();
    await settle(page);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await slow.close();
  }
});

test('leaving during an auth request (the dashboard\'s getUser): no page error, no console error', async () => {
  const env = freshEnv('leave');
  await createUser({ env, email: 'leave@example.com', password: 'leave-password-1' });
  const page = await recordedPage();
  await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const { error } = await app.auth.signInWithPassword({ email: 'leave@example.com', password: 'leave-password-1' });
    if (error) throw error;
    window.app = app;
  }, { env, emu: EMULATOR_URL });
  // The emulator holds the answer until the page has gone.
  await emulator('POST', '/_emulator/faults', { path: '/auth/v1/user/me', kind: 'delay', delay_ms: 3000, count: 1 });
  await page.evaluate(() => { window.pending = window.app.auth.getUser(); });
  await leaveDuring(page, '/auth/v1/user/me');
  await settle(page);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleErrors, []);
});
