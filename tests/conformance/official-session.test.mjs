// The official @cloudbase/js-sdk@3.7.0 in headless Chromium against the emulator, for the v3
// session and user methods no other official-SDK test drives: signInAnonymously, getSession (and
// its lazy refresh of an expired token), setSession, refreshUser, updateUser (basic fields),
// resend, getClaims, signOut({redirect_uri, state}), toDefaultLoginPage, and the events
// onAuthStateChange delivers for them. This proves the emulator speaks the protocol these
// methods use. The resend test moves the emulator's global clock (files run sequentially).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useHarness, EMULATOR_URL, freshEnv, emulator, createUser, servedRequests, readOutbox, advanceClock, settle, waitForExpiry,
} from '../support/harness.mjs';

const h = useHarness();

// A page with the official SDK initialised for `env` as `window.auth`, and every event recorded
// in `window.events` as `EVENT:session|null`.
async function sdkPage(env, pathname) {
  const page = await h.newPage(pathname);
  await page.evaluate(async ({ env, emu }) => {
    const cloudbase = (await import('/sdk/cloudbase-official.js')).default;
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.auth = app.auth;
    window.events = [];
    auth.onAuthStateChange((event, session) => window.events.push(`${event}:${session ? 'session' : 'null'}`));
    window.errorOf = (r) => (r?.error ? { code: r.error.code, message: r.error.message } : null);
  }, { env, emu: EMULATOR_URL });
  return page;
}

// The events delivered once the page has settled.
const events = async (page) => {
  await settle(page);
  return page.evaluate(() => window.events);
};

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function assertSession(session, userId) {
  assert.match(session.access_token, JWT);
  assert.equal(typeof session.refresh_token, 'string');
  assert.ok(session.refresh_token.length > 0);
  assert.equal(session.token_type, 'Bearer');
  assert.equal(typeof session.expires_in, 'number');
  assert.ok(session.expires_at instanceof Date, 'expires_at is a Date (spec §7.3)');
  if (userId) assert.equal(session.user?.id, userId);
}

test('official SDK: signInAnonymously twice on one device is the same anonymous user', async () => {
  const env = freshEnv('anon');
  const page = await sdkPage(env);
  const r = await page.evaluate(async () => {
    const one = await auth.signInAnonymously();
    const two = await auth.signInAnonymously();
    const pick = (x) => ({
      error: errorOf(x), id: x.data?.user?.id, anonymous: x.data?.user?.is_anonymous,
      sessionUser: x.data?.session?.user?.id, token: typeof x.data?.session?.access_token,
    });
    const claims = await auth.getClaims();
    return { one: pick(one), two: pick(two), scope: claims.data?.claims?.scope, deviceId: localStorage.getItem('device_id') };
  });
  assert.equal(r.one.error, null);
  assert.equal(r.two.error, null);
  assert.ok(r.one.id);
  assert.equal(r.two.id, r.one.id, 'same device, same anonymous user');
  assert.equal(r.one.anonymous, true);
  assert.equal(r.two.anonymous, true);
  assert.equal(r.one.sessionUser, r.one.id);
  assert.equal(r.one.token, 'string');
  assert.equal(r.scope, 'anonymous');
  assert.ok(r.deviceId);
  const anon = await servedRequests(env, '/auth/v1/signin/anonymously');
  assert.equal(anon.length, 2);
  assert.deepEqual(await events(page), ['SIGNED_IN:session', 'SIGNED_IN:session']);
  assert.deepEqual(page.errors, []);
});

test('official SDK: getSession signed in, then lazily refreshes an expired access token', async () => {
  const env = freshEnv('session');
  await createUser({ env, email: 'ses@example.com', password: 'ses-password-1' });
  // Tokens that live 31 s: the SDK treats a token within 30 s of its expiry as expired.
  await emulator('PATCH', `/_emulator/config?env=${env}`, { access_token_ttl: 31 });
  const page = await sdkPage(env);
  const fresh = await page.evaluate(async () => {
    const signIn = await auth.signInWithPassword({ email: 'ses@example.com', password: 'ses-password-1' });
    const first = await auth.getSession();
    const again = await auth.getSession();
    return {
      signIn: errorOf(signIn), id: signIn.data?.user?.id,
      first: { error: errorOf(first), session: first.data?.session, user: first.data?.user },
      sameToken: again.data?.session?.access_token === first.data?.session?.access_token,
    };
  });
  await waitForExpiry(page, fresh.first.session.expires_at);
  const r = {
    ...fresh,
    expired: await page.evaluate(async () => {
      const expired = await auth.getSession();
      return { error: errorOf(expired), session: expired.data?.session, email: expired.data?.user?.email };
    }),
  };
  assert.equal(r.signIn, null);
  assert.equal(r.first.error, null);
  assertSession(r.first.session, r.id);
  assert.equal(r.first.session.expires_in, 31);
  assert.equal(r.first.user.id, r.id);
  assert.equal(r.first.user.email, 'ses@example.com');
  assert.equal(r.sameToken, true, 'a fresh token is not refreshed');
  assert.equal(r.expired.error, null);
  assertSession(r.expired.session, r.id);
  assert.notEqual(r.expired.session.access_token, r.first.session.access_token, 'the expired token was refreshed');
  assert.notEqual(r.expired.session.refresh_token, r.first.session.refresh_token, 'the refresh token rotated');
  assert.equal(r.expired.email, 'ses@example.com');
  const tokens = await servedRequests(env, '/auth/v1/token');
  assert.equal(tokens.length, 1, 'exactly one refresh');
  // The lazy refresh inside getSession announces the new token.
  assert.deepEqual(await events(page), ['SIGNED_IN:session', 'TOKEN_REFRESHED:session']);
  assert.deepEqual(page.errors, []);
});

test('official SDK: setSession in a fresh browser context takes over a session by its refresh token', async () => {
  const env = freshEnv('setsession');
  const user = await createUser({ env, email: 'set@example.com', password: 'set-password-1' });
  const first = await sdkPage(env);
  const tokens = await first.evaluate(async () => {
    const r = await auth.signInWithPassword({ email: 'set@example.com', password: 'set-password-1' });
    return { access_token: r.data.session.access_token, refresh_token: r.data.session.refresh_token };
  });
  await first.context().close();
  const page = await sdkPage(env);
  const r = await page.evaluate(async (tokens) => {
    const missing = await auth.setSession({ access_token: tokens.access_token });
    const set = await auth.setSession(tokens);
    const session = await auth.getSession();
    const me = await auth.getUser();
    return {
      missing: errorOf(missing),
      error: errorOf(set), session: set.data?.session, userType: typeof set.data?.user,
      getSession: { error: errorOf(session), sameToken: session.data?.session?.access_token === set.data?.session?.access_token },
      me: { error: errorOf(me), email: me.data?.user?.email },
    };
  }, tokens);
  assert.ok(r.missing, 'a missing refresh_token is an error');
  assert.equal(r.error, null);
  assertSession(r.session);
  assert.notEqual(r.session.refresh_token, tokens.refresh_token, 'setSession refreshed with the given token');
  assert.equal(r.userType, 'object');
  assert.deepEqual(r.getSession, { error: null, sameToken: true });
  assert.deepEqual(r.me, { error: null, email: 'set@example.com' });
  const refreshes = await servedRequests(env, '/auth/v1/token');
  assert.equal(refreshes.length, 1);
  assert.ok(user.user_id);
  assert.deepEqual(await events(page), ['TOKEN_REFRESHED:session', 'SIGNED_IN:session']);
  assert.deepEqual(page.errors, []);
});

test('official SDK: refreshUser and updateUser with basic fields', async () => {
  const env = freshEnv('update');
  await createUser({ env, email: 'upd@example.com', password: 'upd-password-1', name: 'Before' });
  const page = await sdkPage(env);
  const r = await page.evaluate(async () => {
    const signIn = await auth.signInWithPassword({ email: 'upd@example.com', password: 'upd-password-1' });
    const refreshed = await auth.refreshUser();
    const updated = await auth.updateUser({ nickname: 'After', description: 'about me', gender: 'FEMALE', avatar_url: 'https://example.com/a.png' });
    const again = await auth.refreshUser();
    const empty = await auth.updateUser({});
    return {
      signIn: errorOf(signIn), id: signIn.data?.user?.id,
      refreshed: { error: errorOf(refreshed), user: refreshed.data?.user, hasSession: !!refreshed.data?.session?.access_token },
      updated: { error: errorOf(updated), user: updated.data?.user },
      again: { error: errorOf(again), meta: again.data?.user?.user_metadata },
      empty: errorOf(empty),
    };
  });
  assert.equal(r.signIn, null);
  assert.equal(r.refreshed.error, null);
  assert.equal(r.refreshed.user.id, r.id);
  assert.equal(r.refreshed.user.email, 'upd@example.com');
  assert.equal(r.refreshed.hasSession, true);
  assert.equal(r.updated.error, null);
  assert.equal(r.updated.user.id, r.id);
  // The emulator stores `nickname` as the profile name, `avatar_url` as its picture.
  assert.equal(r.updated.user.user_metadata.name, 'After');
  assert.equal(r.updated.user.user_metadata.nickName, 'After');
  assert.equal(r.again.error, null);
  assert.equal(r.again.meta.gender, 'FEMALE');
  assert.equal(r.again.meta.picture, 'https://example.com/a.png');
  assert.equal(r.again.meta.avatarUrl, 'https://example.com/a.png');
  assert.ok(r.empty, 'updateUser({}) is an error');
  const edits = await servedRequests(env, '/auth/v1/user/basic/edit');
  assert.equal(edits.length, 1);
  assert.deepEqual(await events(page), ['SIGNED_IN:session', 'USER_UPDATED:session']);
  assert.deepEqual(page.errors, []);
});

test('official SDK: resend({email, type: "signup"}) sends a new code to the outbox', async () => {
  const env = freshEnv('resend');
  const page = await sdkPage(env);
  const sent = await page.evaluate(async () => errorOf(await auth.signUp({ email: 'again@example.com', password: 'again-password-1' })));
  assert.equal(sent, null);
  const tooSoon = await page.evaluate(async () => errorOf(await auth.resend({ email: 'again@example.com', type: 'signup' })));
  assert.equal(tooSoon?.code, 'resource_exhausted');
  await advanceClock(61); // one send per address per 60 s
  const r = await page.evaluate(async () => {
    const res = await auth.resend({ email: 'again@example.com', type: 'signup' });
    return { error: errorOf(res), keys: Object.keys(res.data ?? {}).sort(), messageId: res.data?.messageId };
  });
  assert.equal(r.error, null);
  assert.deepEqual(r.keys, ['messageId']);
  const messages = await readOutbox(env, 'again@example.com');
  assert.equal(messages.length, 2);
  assert.equal(messages[1].verification_id, r.messageId);
  assert.equal(messages[1].target, 'ANY');
  assert.equal(messages[1].usage, 'email');
  // The resent code signs the new user up through verifyOtp.
  const done = await page.evaluate(async ({ token, messageId }) => {
    const v = await auth.verifyOtp({ email: 'again@example.com', token, messageId, type: 'signup' });
    return { error: errorOf(v), email: v.data?.user?.email };
  }, { token: messages[1].code, messageId: r.messageId });
  // verifyOtp signs in only (spec §2.6): the address has no user yet.
  assert.equal(done.error?.code, 'user_not_found');
  assert.deepEqual(await events(page), [], 'sending codes fires nothing');
  assert.deepEqual(page.errors, []);
});

test('official SDK: getClaims decodes the access token locally', async () => {
  const env = freshEnv('claims');
  const user = await createUser({ env, username: 'claire', password: 'claire-password-1' });
  const page = await sdkPage(env);
  const r = await page.evaluate(async () => {
    const signedOut = await auth.getClaims();
    await auth.signInWithPassword({ username: 'claire', password: 'claire-password-1' });
    const c = await auth.getClaims();
    return { signedOut: errorOf(signedOut), error: errorOf(c), data: c.data };
  });
  assert.ok(r.signedOut, 'no token, no claims');
  assert.equal(r.error, null);
  assert.deepEqual(Object.keys(r.data).sort(), ['claims', 'header', 'signature']);
  assert.equal(r.data.header.alg, 'RS256');
  assert.equal(r.data.claims.sub, user.user_id);
  assert.equal(r.data.claims.aud, env);
  assert.equal(r.data.claims.iss, EMULATOR_URL);
  assert.equal(r.data.claims.scope, 'user');
  assert.equal(typeof r.data.claims.exp, 'number');
  assert.equal(typeof r.data.signature, 'string');
  const served = await servedRequests(env);
  assert.deepEqual(served.map((x) => x.path), ['/auth/v1/signin', '/auth/v1/user/me'], 'getClaims makes no request');
  assert.deepEqual(await events(page), ['SIGNED_IN:session'], 'getClaims fires nothing');
  assert.deepEqual(page.errors, []);
});

test('official SDK: signOut({redirect_uri, state}) goes through /user/signout and clears the session', async () => {
  const env = freshEnv('signout');
  await createUser({ env, email: 'out@example.com', password: 'out-password-1' });
  const page = await sdkPage(env);
  const redirect = `${h.baseUrl}/blank.html?after=signout`;
  const r = await page.evaluate(async ({ redirect, env }) => {
    const signIn = await auth.signInWithPassword({ email: 'out@example.com', password: 'out-password-1' });
    const token = signIn.data.session.access_token;
    const out = await auth.signOut({ redirect_uri: redirect, state: 'st-1' });
    const session = await auth.getSession();
    return {
      error: errorOf(out), redirect: out.redirect_uri ?? out.data?.redirect_uri ?? null, data: out.data,
      credentials: localStorage.getItem(`credentials_${env}`), userInfo: localStorage.getItem(`user_info_${env}`),
      session: session.data?.session ?? null, token,
    };
  }, { redirect, env });
  assert.equal(r.error, null);
  assert.equal(r.redirect, redirect);
  assert.equal(r.credentials, null);
  assert.equal(r.userInfo, null);
  assert.equal(r.session, null);
  const signouts = await servedRequests(env, '/auth/v1/user/signout');
  assert.equal(signouts.length, 1);
  assert.equal((await servedRequests(env, '/auth/v1/revoke')).length, 0);
  // The session is revoked on the server: its token no longer reads the profile.
  const me = await fetch(`${EMULATOR_URL}/auth/v1/user/me`, { headers: { authorization: `Bearer ${r.token}` } });
  assert.equal(me.status, 401);
  assert.deepEqual(await events(page), ['SIGNED_IN:session', 'SIGNED_OUT:null']);
  assert.deepEqual(page.errors, []);
});

test('official SDK: toDefaultLoginPage navigates to the hosted login page', async () => {
  const env = freshEnv('loginpage');
  const page = await sdkPage(env, '/blank.html?from=app');
  // The call navigates, which may end the evaluation.
  await page.evaluate(() => { auth.toDefaultLoginPage({ app_id: 'app9', query: { lang: 'en' } }); }).catch(() => {});
  await page.waitForURL(/\/__auth\//);
  const u = new URL(page.url());
  assert.equal(u.origin, h.baseUrl);
  assert.equal(u.pathname, '/__auth/');
  assert.deepEqual(Object.fromEntries(u.searchParams), {
    app_id: 'app9', env_id: env, client_id: env, config_version: 'env', redirect_uri: `${h.baseUrl}/blank.html?from=app`, lang: 'en',
  });
});
