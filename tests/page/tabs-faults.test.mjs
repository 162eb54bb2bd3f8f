// Faults on /auth/v1/token and /auth/v1/user/me (the emulator's fault injection), with a second
// tab watching: each ends in a transparent retry or a clear { error } with a stable code, no
// call hangs, and a session whose refresh token is still good is never lost in any tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, emulator, waitForExpiry } from '../support/harness.mjs';
import { signedInTabs, getSession, waitForEvents, fault } from '../support/tabs.mjs';

const h = useHarness();
const TOKEN = '/auth/v1/token';
const ME = '/auth/v1/user/me';

// `retry`: the call succeeds as if nothing happened (network failures and non-JSON answers are
// retried after 1 s; a lost refresh answer is rescued by the server's refresh-token reuse
// window). `error`: the call returns that code and the session stays. The tabs' request
// timeout is 2 s here (`cloudbase.init({ timeout })`), the injected delay 4 s.
const TIMEOUT_MS = 2000;
const CASES = [
  { path: TOKEN, kind: 'drop', outcome: 'retry' },
  { path: TOKEN, kind: 'drop_after', outcome: 'retry' },
  { path: TOKEN, kind: 'status', status: 503, outcome: 'error', code: 'unavailable' },
  { path: TOKEN, kind: 'non_json', outcome: 'retry' },
  { path: TOKEN, kind: 'delay', delay_ms: 2 * TIMEOUT_MS, outcome: 'error', code: 'timeout' },
  { path: ME, kind: 'drop', outcome: 'retry' },
  { path: ME, kind: 'drop_after', outcome: 'retry' },
  { path: ME, kind: 'status', status: 503, outcome: 'error', code: 'unavailable' },
  { path: ME, kind: 'non_json', outcome: 'retry' },
  { path: ME, kind: 'delay', delay_ms: 2 * TIMEOUT_MS, outcome: 'error', code: 'timeout' },
];

/**
 * Requests served on `path`, all envs: a request the fault stops before its handler has no env
 * in the log. Tests run one at a time, so the difference over one call is that call's.
 */
const served = async (path) => (await emulator('GET', `/_emulator/requests?path=${path}`)).requests.length;

/** The call under test in tab `page`: a lazy refresh (getSession after expiry) or getUser. */
function call(page, path) {
  return path === TOKEN ? getSession(page) : page.evaluate(async () => {
    const t0 = performance.now();
    const { data, error } = await window.auth.getUser();
    return { token: data.user?.id ?? null, error: error ? { code: error.code, message: error.message } : null, ms: performance.now() - t0 };
  });
}

for (const c of CASES) {
  test(`${c.kind}${c.status ? ` ${c.status}` : ''} on ${c.path}: ${c.outcome === 'retry' ? 'transparent retry' : `{ error: ${c.code} }`}, session kept`, async () => {
    // Only the call under test refreshes (the proactive refresh has its own backoff test).
    const { context, tabs, session: { expiresAt } } = await signedInTabs(h, 2, 'tabs-fault', 31, { autoRefreshToken: false, timeout: TIMEOUT_MS });
    await waitForEvents(tabs, 2);
    if (c.path === TOKEN) await waitForExpiry(tabs[0], expiresAt);
    const before = await served(c.path);
    await fault(c.path, c.kind, { status: c.status, delay_ms: c.delay_ms });
    let r;
    try {
      r = await call(tabs[0], c.path);
    } finally {
      await emulator('DELETE', '/_emulator/faults');
    }
    const sent = (await served(c.path)) - before;
    if (c.outcome === 'retry') {
      assert.equal(r.error, null, JSON.stringify(r.error));
      assert.ok(r.token);
      assert.equal(sent, 2, 'the failed request and its retry');
    } else if (c.code === 'timeout') {
      assert.equal(r.error?.code, c.code, JSON.stringify(r));
      assert.ok(r.ms >= TIMEOUT_MS - 50, `gave up after ${Math.round(r.ms)} ms`);
      // Not retried; the emulator drops a request whose client has gone, so it may not be logged.
      assert.ok(sent <= 1, `${sent} requests`);
    } else {
      assert.equal(r.error?.code, c.code, JSON.stringify(r));
      assert.equal(sent, 1, 'no retry of an answer the server gave');
    }
    // No call hangs: the slowest path is a timeout, or one failure plus the 1 s retry delay.
    assert.ok(r.ms < TIMEOUT_MS + 1500, `answered in ${Math.round(r.ms)} ms`);
    // The session survives in both tabs, and the next call (the other tab's) works.
    const next = await call(tabs[1], c.path);
    assert.equal(next.error, null, JSON.stringify(next.error));
    for (const page of tabs) {
      assert.ok((await getSession(page)).token, 'still signed in');
      const events = await page.evaluate(() => window.events.map((e) => e.event));
      assert.ok(!events.includes('SIGNED_OUT'), events.join());
    }
    console.log(`tabs: fault ${c.kind}${c.status ? ` ${c.status}` : ''} on ${c.path}: ${r.error ? r.error.code : 'ok'} after ${Math.round(r.ms)} ms, ${sent} request(s)`);
    await context.close();
  });
}
