// OAuth round trips in a real page through the emulator's fake provider (spec §6):
// detectSessionInUrl, manual verifyOAuth, a forged state, a replayed code, linkIdentity,
// the provider's error answer and the human path (clicking an account on the chooser page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser, servedRequests, settle } from '../support/harness.mjs';

const h = useHarness();

/** Opens tests/page/fixtures/oauth.html (with `search`/`hash`) for `env`; resolves when it is ready. */
async function openFixture(env, { detect, path = '/oauth.html', twice = false }) {
  const page = await h.newPage();
  await page.evaluate((cfg) => {
    sessionStorage.setItem('oauth-fixture', JSON.stringify(cfg));
    sessionStorage.removeItem('oauth-fixture-loads');
  }, { env, emu: EMULATOR_URL, detect, twice });
  await page.goto(h.baseUrl + path);
  await page.waitForFunction(() => window.__done === true);
  return page;
}

/** Starts a redirect from the fixture (no await: the page navigates away) and waits for the return. */
async function roundTrip(page, method, params) {
  await page.evaluate(([m, p]) => { window.app.auth[m](p); }, [method, params]);
  await page.waitForFunction(() => window.__done === true && window.__initialHref.includes('state='), null, { timeout: 20000 });
}

function snapshot(page) {
  return page.evaluate(() => ({
    search: location.search,
    hash: location.hash,
    initialHref: window.__initialHref,
    loads: Number(sessionStorage.getItem('oauth-fixture-loads')),
    session: window.__session,
    events: window.__events,
    pending: Object.keys(sessionStorage).filter((k) => k.startsWith('prd-')),
  }));
}

const AUTO = (login) => ({ queryParams: { auto_approve: '1', login_hint: login } });

test('detectSessionInUrl: redirect, session, SIGNED_IN, URL restored without reload; a replayed code gets nothing', async () => {
  const env = freshEnv('oauth-detect');
  const page = await openFixture(env, { detect: true, path: '/oauth.html?tab=2&x=a%20b#section' });
  await roundTrip(page, 'signInWithOAuth', { provider: 'github', options: AUTO('alice') });
  await page.waitForFunction(() => window.__events.some((e) => e.event === 'SIGNED_IN'));
  await settle(page); // a reload after the clean-up would show now
  const s = await snapshot(page);
  assert.match(s.initialHref, /[?&]code=/);
  assert.equal(s.search, '?tab=2&x=a%20b', 'pre-redirect search restored, code/state gone');
  assert.equal(s.hash, '#section');
  assert.equal(s.loads, 2, 'start page + return page, no reload after the clean-up');
  assert.ok(s.session.user, 'getSession right after init sees the new session');
  assert.equal(s.session.error, null);
  const signedIn = s.events.find((e) => e.event === 'SIGNED_IN');
  assert.equal(signedIn.user, s.session.user);
  assert.equal(signedIn.info, null);
  assert.deepEqual(s.pending, [], 'the round trip entry is dropped');
  const user = await page.evaluate(async () => (await window.app.auth.getUser()).data.user);
  assert.equal(user.id, s.session.user);
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 1);

  // Replaying the redirect URL: this tab has no pending entry any more, so the code is not
  // even sent, and the session stays.
  await page.goto(s.initialHref);
  await page.waitForFunction(() => window.__done === true && window.__events.some((e) => e.event === 'SIGNED_IN'));
  const r = await snapshot(page);
  const failed = r.events.find((e) => e.event === 'SIGNED_IN');
  assert.deepEqual(failed.info, { type: 'sign_in', provider: undefined, error: 'invalid_argument' });
  assert.equal(r.session.user, s.session.user, 'first session intact');
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 1);

  // The server also refuses a second exchange of the same code (a tab that did issue the state).
  const code = new URL(s.initialHref).searchParams.get('code');
  const again = await page.evaluate(async (code) => {
    sessionStorage.setItem('prd-github-replay', JSON.stringify({ provider: 'github', search: '', hash: '', type: 'sign_in' }));
    const v = await window.app.auth.verifyOAuth({ code, state: 'prd-github-replay' });
    const after = await window.app.auth.getSession();
    return { error: v.error?.code ?? null, data: v.data, user: after.data.session?.user?.id ?? null };
  }, code);
  assert.notEqual(again.error, null);
  assert.deepEqual(again.data, { user: null, session: null, redirectUrl: null });
  assert.equal(again.user, s.session.user);
  assert.deepEqual(page.errors, []);
});

test('manual verifyOAuth with detectSessionInUrl: false', async () => {
  const env = freshEnv('oauth-manual');
  const page = await openFixture(env, { detect: false, path: '/oauth.html?keep=1' });
  await roundTrip(page, 'signInWithOAuth', { provider: 'google', options: AUTO('carol') });
  const before = await snapshot(page);
  assert.equal(before.session.user, null, 'nothing happens without verifyOAuth');
  assert.match(before.search, /code=/);
  assert.equal(before.pending.length, 1);
  const r = await page.evaluate(async () => {
    const v = await window.app.auth.verifyOAuth();
    return {
      error: v.error, type: v.data.type, provider: v.data.provider, user: v.data.user?.id, token: typeof v.data.session?.access_token,
      redirectUrl: v.data.redirectUrl, href: location.href, name: v.data.user?.user_metadata?.name,
    };
  });
  assert.equal(r.error, null);
  assert.equal(r.type, 'sign_in');
  assert.equal(r.provider, 'google');
  assert.ok(r.user);
  assert.equal(r.token, 'string');
  assert.equal(r.href, h.baseUrl + '/oauth.html?keep=1');
  assert.equal(r.redirectUrl, r.href);
  await page.waitForFunction(() => window.__events.some((e) => e.event === 'SIGNED_IN'));
  const after = await snapshot(page);
  assert.deepEqual(after.pending, []);
  assert.equal(after.loads, 2);
  // Once more: the state was redeemed.
  const again = await page.evaluate(async (href) => (await window.app.auth.verifyOAuth({ code: 'x', state: new URL(href).searchParams.get('state') })).error?.code, before.initialHref);
  assert.equal(again, 'invalid_argument');
});

test('a forged state is rejected: no session, no /provider/token call, URL untouched', async () => {
  const env = freshEnv('oauth-forged');
  const page = await openFixture(env, { detect: true, path: '/oauth.html?code=stolen-code&state=prd-github-forged123' });
  await page.waitForFunction(() => window.__events.some((e) => e.event === 'SIGNED_IN'));
  const s = await snapshot(page);
  assert.equal(s.session.user, null);
  const ev = s.events.find((e) => e.event === 'SIGNED_IN');
  assert.equal(ev.user, null);
  assert.equal(ev.info.type, 'sign_in');
  assert.equal(ev.info.error, 'invalid_argument');
  assert.equal(s.search, '?code=stolen-code&state=prd-github-forged123');
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 0);
  const manual = await page.evaluate(async () => {
    const v = await window.app.auth.verifyOAuth({ code: 'stolen-code', state: 'prd-github-forged123', provider: 'github' });
    return { code: v.error?.code, message: v.error?.message, session: v.data.session };
  });
  assert.equal(manual.code, 'invalid_argument');
  assert.match(manual.message, /^state mismatch/);
  assert.equal(manual.session, null);
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 0);
});

test('the provider error answer (cancel) is reported and leaves no session', async () => {
  const env = freshEnv('oauth-cancel');
  const page = await openFixture(env, { detect: true, path: '/oauth.html#h' });
  await page.evaluate(() => { window.app.auth.signInWithOAuth({ provider: 'github' }); });
  await page.waitForURL(/\/_emulator\/oauth\/github\/authorize/);
  await page.getByRole('link', { name: /Cancel and return/ }).click();
  await page.waitForFunction(() => window.__done === true && window.__initialHref.includes('state=')
    && window.__events.some((e) => e.event === 'SIGNED_IN'), null, { timeout: 20000 });
  const s = await snapshot(page);
  assert.equal(s.session.user, null);
  const ev = s.events.find((e) => e.event === 'SIGNED_IN');
  assert.equal(ev.info.error, 'access_denied');
  assert.equal(ev.info.provider, 'github');
  assert.equal(s.search, '');
  assert.equal(s.hash, '#h');
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 0);
});

test('linkIdentity: BIND_IDENTITY with info, identity listed, then unlinked', async () => {
  const env = freshEnv('oauth-link');
  await createUser({ env, username: 'linker', password: 'Linker-pass-1' });
  const page = await openFixture(env, { detect: true });
  const signedOut = await page.evaluate(async () => (await window.app.auth.linkIdentity({ provider: 'github' })).error?.code);
  assert.equal(signedOut, 'unauthenticated', 'linkIdentity returns errors');
  const si = await page.evaluate(async () => (await window.app.auth.signInWithPassword({ username: 'linker', password: 'Linker-pass-1' })).error);
  assert.equal(si, null);
  await roundTrip(page, 'linkIdentity', { provider: 'github', options: AUTO('bob') });
  await page.waitForFunction(() => window.__events.some((e) => e.event === 'BIND_IDENTITY'));
  const s = await snapshot(page);
  const ev = s.events.find((e) => e.event === 'BIND_IDENTITY');
  assert.deepEqual(ev.info, { type: 'bind_identity', provider: 'github', error: null });
  assert.ok(ev.user, 'still signed in as the same user');
  assert.equal(s.search, '');
  const ids = await page.evaluate(async () => {
    const a = await window.app.auth.getUserIdentities();
    const u = await window.app.auth.unlinkIdentity({ provider: 'github' });
    const b = await window.app.auth.getUserIdentities();
    return { a: a.data.identities.map((i) => i.id), aErr: a.error, u: u.error, b: b.data.identities.map((i) => i.id) };
  });
  assert.ok(ids.a.includes('github'), JSON.stringify(ids));
  assert.equal(ids.aErr, null);
  assert.equal(ids.u, null);
  assert.ok(!ids.b.includes('github'));
});

test('the human path: choose an account on the provider page', async () => {
  const env = freshEnv('oauth-human');
  const page = await openFixture(env, { detect: true, path: '/oauth.html?from=human' });
  await page.evaluate(() => { window.app.auth.signInWithOAuth({ provider: 'github' }); });
  await page.waitForURL(/\/_emulator\/oauth\/github\/authorize/);
  await page.getByRole('link', { name: /Continue as Bob Builder/ }).click();
  await page.waitForFunction(() => window.__done === true && window.__initialHref.includes('state=')
    && window.__events.some((e) => e.event === 'SIGNED_IN'), null, { timeout: 20000 });
  const s = await snapshot(page);
  assert.ok(s.session.user);
  assert.equal(s.search, '?from=human');
  const name = await page.evaluate(async () => (await window.app.auth.getUser()).data.user.user_metadata.name);
  assert.equal(name, 'Bob Builder');
});

test('signInWithOAuth with skipBrowserRedirect returns the URL and stores the official-format entry', async () => {
  const env = freshEnv('oauth-skip');
  const page = await openFixture(env, { detect: true, path: '/oauth.html?a=1#frag' });
  const r = await page.evaluate(async () => {
    const v = await window.app.auth.signInWithOAuth({ provider: 'github', options: { skipBrowserRedirect: true, queryParams: { login_hint: 'x y' } } });
    const state = new URL(v.data.url).searchParams.get('state');
    return { error: v.error, url: v.data.url, provider: v.data.provider, state, entry: JSON.parse(sessionStorage.getItem(state)), href: location.href };
  });
  assert.equal(r.error, null);
  assert.equal(r.provider, 'github');
  assert.match(r.state, /^prd-github-[0-9a-v]{16}$/);
  assert.deepEqual(r.entry, { provider: 'github', search: '?a=1', hash: '#frag', type: 'sign_in' });
  const u = new URL(r.url);
  assert.equal(u.searchParams.get('login_hint'), 'x y');
  assert.equal(u.searchParams.get('redirect_uri'), h.baseUrl + '/oauth.html');
  assert.equal(r.href, h.baseUrl + '/oauth.html?a=1#frag', 'no navigation');
  const bad = await page.evaluate(async () => {
    const a = await window.app.auth.signInWithOAuth();
    const b = await window.app.auth.signInWithOAuth({});
    return [a.error?.code, b.error?.code, b.data];
  });
  assert.deepEqual(bad, ['invalid_argument', 'invalid_argument', { url: null, provider: null }]);
});

test('a redirect started by the official SDK is completed by this package', async () => {
  const env = freshEnv('oauth-interop');
  const page = await openFixture(env, { detect: false, path: '/oauth.html?from=official' });
  // The official SDK starts the round trip from this page; the return page loads our package.
  await page.evaluate(async ({ env, emu }) => {
    const official = (await import('/sdk/cloudbase-official.js')).default;
    const app = official.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    sessionStorage.setItem('oauth-fixture', JSON.stringify({ env, emu, detect: true }));
    app.auth.signInWithOAuth({ provider: 'github', options: { queryParams: { auto_approve: '1', login_hint: 'alice' } } });
  }, { env, emu: EMULATOR_URL });
  await page.waitForFunction(() => window.__done === true && window.__initialHref.includes('state=')
    && window.__events.some((e) => e.event === 'SIGNED_IN'), null, { timeout: 20000 });
  const s = await snapshot(page);
  assert.ok(s.session.user, JSON.stringify(s));
  assert.equal(s.search, '?from=official');
  assert.deepEqual(s.pending, []);
});

test('init run twice on the return page exchanges the code once', async () => {
  const env = freshEnv('oauth-twice');
  const page = await openFixture(env, { detect: true, twice: true });
  await roundTrip(page, 'signInWithOAuth', { provider: 'github', options: AUTO('alice') });
  await page.waitForFunction(() => window.__events.some((e) => e.event === 'SIGNED_IN'));
  await settle(page); // a second exchange by the second instance would show now
  const s = await snapshot(page);
  assert.ok(s.session.user);
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 1);
  const second = await page.evaluate(() => window.__events2);
  assert.ok(!second.some((e) => e.info), 'the second instance reports no failure: ' + JSON.stringify(second));
});

test('toDefaultLoginPage navigates to the hosted login page of the redirect origin', async () => {
  const env = freshEnv('login-page');
  const page = await openFixture(env, { detect: true, path: '/oauth.html?p=1' });
  const r = await page.evaluate(async () => {
    const v = await window.app.auth.toDefaultLoginPage({ app_id: 'app1', query: { lang: 'en' } });
    return { data: v.data, error: v.error };
  });
  assert.deepEqual(r, { data: {}, error: null });
  await page.waitForURL(/\/__auth\//);
  const u = new URL(page.url());
  assert.equal(u.origin, h.baseUrl);
  assert.equal(u.pathname, '/__auth/');
  assert.deepEqual(Object.fromEntries(u.searchParams), {
    app_id: 'app1', env_id: env, client_id: env, config_version: 'env', redirect_uri: h.baseUrl + '/oauth.html?p=1', lang: 'en',
  });
});

test('exchangeCodeForSession completes the current redirect and returns the session', async () => {
  const env = freshEnv('oauth-exchange');
  const page = await openFixture(env, { detect: false, path: '/oauth.html#keep' });
  await roundTrip(page, 'signInWithOAuth', { provider: 'github', options: AUTO('dave') });
  const r = await page.evaluate(async () => {
    const code = new URL(location.href).searchParams.get('code');
    const v = await window.app.auth.exchangeCodeForSession(code);
    const again = await window.app.auth.exchangeCodeForSession(code);
    return {
      error: v.error, token: typeof v.data.session?.access_token, name: v.data.user?.user_metadata?.name,
      sameUser: v.data.session?.user?.id === v.data.user?.id, href: location.href,
      again: again.error?.code, againData: again.data,
    };
  });
  assert.equal(r.error, null);
  assert.equal(r.token, 'string');
  assert.equal(r.name, 'dave');
  assert.ok(r.sameUser);
  assert.equal(r.href, h.baseUrl + '/oauth.html#keep');
  assert.equal(r.again, 'invalid_argument', 'no code/state left in the URL');
  assert.deepEqual(r.againData, { session: null, user: null });
});

test('bad input resolves to {data, error} and never throws', async () => {
  const env = freshEnv('oauth-bad');
  const page = await openFixture(env, { detect: true });
  const r = await page.evaluate(async () => {
    const a = window.app.auth;
    const calls = [
      () => a.signInWithOAuth(null), () => a.signInWithOAuth({ provider: 7 }), () => a.verifyOAuth('x'), () => a.verifyOAuth({ code: 1 }),
      () => a.linkIdentity(5), () => a.linkIdentity({}), () => a.unlinkIdentity(), () => a.unlinkIdentity({ provider: '' }),
      () => a.toDefaultLoginPage('x'), () => a.exchangeCodeForSession({}), () => a.getUserIdentities(),
      () => a.signInWithOAuth({ provider: 'github', options: { redirectTo: 'relative/path', skipBrowserRedirect: true } }),
    ];
    const out = [];
    for (const c of calls) {
      try { const v = await c(); out.push([typeof v.data, v.error?.code ?? null]); } catch (e) { out.push(['threw', String(e)]); }
    }
    return out;
  });
  assert.deepEqual(r, [
    ['object', 'invalid_argument'], ['object', 'invalid_argument'], ['object', 'invalid_argument'], ['object', 'invalid_argument'],
    ['object', 'invalid_argument'], ['object', 'invalid_argument'], ['object', 'invalid_argument'], ['object', 'invalid_argument'],
    ['object', 'invalid_argument'], ['object', 'invalid_argument'], ['object', 'unauthenticated'],
    ['object', 'invalid_argument'],
  ]);
});
