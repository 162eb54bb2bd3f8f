// Several tabs of one origin (one browser context, so one localStorage, one BroadcastChannel
// and one Web Locks scope) running our package against the emulator, for tests/page/tabs*.
import { EMULATOR_URL, createUser, emulator, servedRequests, freshEnv } from './harness.mjs';

/** The cross-tab name of a client id: Web Lock and BroadcastChannel (README, "Several tabs"). */
export const lockName = (clientId) => `cloudbase_auth_${clientId}`;

/** Documented bound on waiting for another tab's refresh before taking the lock over. */
export const LOCK_WAIT_MS = 5000;

/** POST /auth/v1/token requests the emulator served for `env`, oldest first (with `time` in ms). */
export async function tokenRequests(env) {
  return (await servedRequests(env, '/auth/v1/token')).filter((r) => r.method === 'POST');
}

/** Arms a fault on an /auth path (`kind`: delay | drop | status | non_json | ...). */
export const fault = (path, kind, extra = {}) => emulator('POST', '/_emulator/faults', { path, kind, ...extra });

/** From now on, `env`'s access tokens live `ttl` seconds. */
export const setTokenTtl = (env, ttl) => emulator('PATCH', `/_emulator/config?env=${env}`, { access_token_ttl: ttl });

/** A user with an e-mail and password in a fresh env whose access tokens live `ttl` seconds. */
export async function seedUser(env, ttl) {
  const user = { email: `tabs@${env}.example.com`, password: 'tabs-password-1' };
  await createUser({ env, ...user });
  if (ttl) await setTokenTtl(env, ttl);
  return user;
}

/**
 * Opens `n` tabs of one origin, each with our package on `env` pointed at the emulator:
 * `window.auth`, and `window.events` ({event, at, token, nick}) from `onAuthStateChange`.
 * `noLocks` / `noBroadcast` remove `navigator.locks` / `BroadcastChannel` before any script runs;
 * `autoRefreshToken` and `timeout` (ms) go to `cloudbase.init`.
 */
export async function openTabs(h, n, env, { noLocks = false, noBroadcast = false, autoRefreshToken, timeout } = {}) {
  const context = await h.browser.newContext();
  await context.addInitScript(({ noLocks, noBroadcast }) => {
    if (noLocks) Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    if (noBroadcast) delete globalThis.BroadcastChannel;
    // `setHidden(true|false)` stands in for switching tabs: visibilityState and its event.
    let hidden = false;
    Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
    Object.defineProperty(document, 'hidden', { get: () => hidden, configurable: true });
    globalThis.setHidden = (h) => { hidden = h; document.dispatchEvent(new Event('visibilitychange')); };
  }, { noLocks, noBroadcast });
  const tabs = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    // Which tab sends the refreshes (the emulator's log cannot tell tabs apart).
    page.tokenPosts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/auth/v1/token') page.tokenPosts += 1; });
    await page.goto(h.baseUrl + '/blank.html');
    await page.evaluate(async ({ env, emu, autoRefreshToken, timeout }) => {
      const { default: cloudbase } = await import('/pkg/index.js');
      const app = cloudbase.init({ env, timeout, auth: autoRefreshToken === undefined ? {} : { autoRefreshToken } });
      app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
      window.auth = app.auth;
      window.events = [];
      app.auth.onAuthStateChange((event, session) => {
        window.events.push({ event, at: Date.now(), token: session?.access_token ?? null, nick: session?.user?.user_metadata?.nickName ?? null });
      });
    }, { env, emu: EMULATOR_URL, autoRefreshToken, timeout });
    // INITIAL_SESSION first, so later waits count only the events under test.
    await page.waitForFunction(() => window.events.length >= 1);
    tabs.push(page);
  }
  return { context, tabs };
}

/** Waits until every tab has fired `count` events (bounded), then returns each tab's events. */
export async function waitForEvents(tabs, count, timeout = 10_000) {
  await Promise.all(tabs.map((p) => p.waitForFunction((n) => window.events.length >= n, count, { timeout })));
  return Promise.all(tabs.map((p) => p.evaluate(() => window.events)));
}

/** `getSession()` in a tab: `{ token, error, ms }`. */
export function getSession(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const { data, error } = await window.auth.getSession();
    return { token: data.session?.access_token ?? null, error: error ? { code: error.code, message: error.message } : null, ms: performance.now() - t0 };
  });
}

/** Signs in in one tab; returns the session's access token and its local expiry (ms). */
export async function signIn(page, user) {
  const r = await page.evaluate(async (user) => {
    const startedAt = Date.now();
    const { data, error } = await window.auth.signInWithPassword(user);
    return { error: error && error.message, token: data.session?.access_token, expiresAt: data.session?.expires_at?.getTime(), startedAt };
  }, user);
  if (r.error) throw new Error(`sign-in failed: ${r.error}`);
  return r;
}


/**
 * A fresh env (tokens living `ttl` s, if given) with `n` tabs open and signed in from the first:
 * `{ env, user, context, tabs, session }` (`session` is signIn's result).
 */
export async function signedInTabs(h, n, name, ttl, options) {
  const env = freshEnv(name);
  const user = await seedUser(env, ttl);
  const { context, tabs } = await openTabs(h, n, env, options);
  const session = await signIn(tabs[0], user);
  return { env, user, context, tabs, session };
}
