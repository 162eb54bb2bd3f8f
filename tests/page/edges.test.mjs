// The entry's friendly edges, in a real page: no top-level await (calls made before the .wasm has loaded
// wait for it), a misspelt method names the closest real one, `cloudbase.init` errors are `Error`s with the
// official message (compared with the official SDK in the same page), `app.auth(cfg)`, and a .wasm that
// cannot be loaded reported as `{ error }`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, EMULATOR_URL, freshEnv, createUser } from '../support/harness.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

test('calls made in the same turn as the import wait for the .wasm, in call order', async () => {
  const env = freshEnv('early');
  await createUser({ env, email: 'early@example.com', password: 'early-password-1' });
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase } = await import('/pkg/index.js?early');
    const app = cloudbase.init({ env });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const events = [];
    const sub = app.auth.onAuthStateChange((event) => events.push(event));
    const subscribedAtOnce = typeof sub.data.subscription.unsubscribe === 'function';
    const result = await app.auth.signInWithPassword({ email: 'early@example.com', password: 'early-password-1' });
    const session = await app.auth.getSession();
    // Events are delivered asynchronously: wait for the second one (the test's timeout bounds this).
    const until = (f) => new Promise((resolve) => { const t = setInterval(() => f() && (clearInterval(t), resolve()), 5); });
    await until(() => events.length >= 2);
    // unsubscribe() stops delivery, for a subscription made before and one made after the core existed;
    // a third one, still subscribed, shows when the sign-out has been delivered.
    const later = [];
    const sub2 = app.auth.onAuthStateChange((event) => later.push(event));
    const control = [];
    app.auth.onAuthStateChange((event) => control.push(event));
    await until(() => later.length >= 1 && control.length >= 1);
    sub.data.subscription.unsubscribe();
    sub2.data.subscription.unsubscribe();
    await app.auth.signOut();
    await until(() => control.includes('SIGNED_OUT'));
    return { subscribedAtOnce, id: sub.data.subscription.id, id2: sub2.data.subscription.id, error: result.error, email: result.data.user?.email, sessionUser: session.data.session?.user?.email, events, later };
  }, { env, emu: EMULATOR_URL });
  assert.deepEqual(r.later, ['INITIAL_SESSION']);
  assert.notEqual(r.id2, r.id);
  assert.equal(r.subscribedAtOnce, true);
  assert.notEqual(r.id, '', 'the id is filled in once the core exists');
  assert.equal(r.error, null);
  assert.equal(r.email, 'early@example.com');
  assert.equal(r.sessionUser, 'early@example.com');
  assert.deepEqual(r.events, ['INITIAL_SESSION', 'SIGNED_IN']);
  assert.deepEqual(page.errors, []);
});

test('a misspelt method names the closest real one; probes and `in` do not throw', async () => {
  const page = await h.newPage();
  const r = await page.evaluate(async () => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const auth = cloudbase.init({ env: 'edges-env' }).auth;
    const thrown = (f) => { try { f(); return null; } catch (e) { return { type: e.constructor.name, message: e.message }; } };
    return {
      ticket: thrown(() => auth.signInWithTicket()),
      session: thrown(() => auth().getSesion()),
      has: 'signInWithTicket' in auth,
      awaited: (await auth) === auth,
      probes: [auth.then, auth.__v_isRef, auth.$$typeof, auth[Symbol.iterator]].every((v) => v === undefined),
    };
  });
  assert.deepEqual(r.ticket, { type: 'TypeError', message: 'auth.signInWithTicket is not a function. Did you mean: auth.signInWithCustomTicket() ?' });
  assert.deepEqual(r.session, { type: 'TypeError', message: 'auth.getSesion is not a function. Did you mean: auth.getSession() ?' });
  assert.equal(r.has, false);
  assert.equal(r.awaited, true);
  assert.equal(r.probes, true);
});

test('cloudbase.init without env throws an Error with the official message, like the official SDK', async () => {
  const page = await h.newPage();
  const r = await page.evaluate(async () => {
    const ours = (await import('/pkg/index.js')).default;
    const official = (await import('/sdk/cloudbase-official.js')).default;
    const attempt = (cloudbase, config) => {
      try { cloudbase.init(config); return null; } catch (e) { return { isError: e instanceof Error, message: e.message, code: e.code }; }
    };
    return {
      ours: [attempt(ours, {}), attempt(ours, { env: '' }), attempt(ours, undefined)],
      official: [attempt(official, {}), attempt(official, { env: '' }), attempt(official, undefined)],
    };
  });
  const message = JSON.stringify({ code: 'INVALID_PARAMS', msg: 'env must not be specified' });
  for (const e of r.official) assert.deepEqual({ isError: e.isError, message: e.message }, { isError: true, message });
  for (const e of r.ours) assert.deepEqual(e, { isError: true, message, code: 'INVALID_PARAMS' });
});

test('app.auth({ persistence }) right after init applies to the instance', async () => {
  const env = freshEnv('authcfg');
  await createUser({ env, email: 'cfg@example.com', password: 'cfg-password-1' });
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env });
    const auth = app.auth({ persistence: 'session' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const { error } = await auth.signInWithPassword({ email: 'cfg@example.com', password: 'cfg-password-1' });
    return { error, same: auth === app.auth, local: Object.keys(localStorage).filter((k) => k.startsWith('credentials_')), session: Object.keys(sessionStorage).filter((k) => k.startsWith('credentials_')) };
  }, { env, emu: EMULATOR_URL });
  assert.equal(r.error, null);
  assert.equal(r.same, true);
  assert.deepEqual(r.local, []);
  assert.deepEqual(r.session, [`credentials_${env}`]);
});

test('a .wasm that cannot be loaded: every method resolves to { error } naming the URL, nothing throws', async () => {
  const page = await h.newPage();
  await page.route('**/*.wasm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
  const r = await page.evaluate(async () => {
    const { default: cloudbase, AuthError } = await import('/pkg/index.js?broken');
    const app = cloudbase.init({ env: 'broken-env' });
    const { data, error } = await app.auth.getSession();
    const sub = app.auth.onAuthStateChange(() => {});
    return { data, isAuthError: error instanceof AuthError, code: error.code, message: error.message, subscription: typeof sub.data.subscription.unsubscribe };
  });
  assert.equal(r.data, null);
  assert.equal(r.isAuthError, true);
  assert.equal(r.code, 'wasm_load_failed');
  assert.match(r.message, /cloudbase_auth_wasm_bg\.wasm/);
  assert.equal(r.subscription, 'function');
});

test('a .wasm served with another content type still loads (compiled without streaming), with one warning', async () => {
  const env = freshEnv('mime');
  await createUser({ env, email: 'mime@example.com', password: 'mime-password-1' });
  const page = await h.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.route('**/*.wasm', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-type': 'application/octet-stream' } });
  });
  const r = await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase } = await import('/pkg/index.js?mime');
    const app = cloudbase.init({ env });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const { data, error } = await app.auth.signInWithPassword({ email: 'mime@example.com', password: 'mime-password-1' });
    return { error, email: data.user?.email };
  }, { env, emu: EMULATOR_URL });
  assert.equal(r.error, null);
  assert.equal(r.email, 'mime@example.com');
  assert.equal(warnings.filter((w) => w.includes('not served as application/wasm')).length, 1, warnings.join('\n'));
  assert.deepEqual(page.errors, []);
});

test('an argument whose getter throws resolves to { error: invalid_argument }, nothing throws', async () => {
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env }) => {
    const { default: cloudbase } = await import('/pkg/index.js?getter');
    const app = cloudbase.init({ env });
    const hostile = { get email() { throw new Error('getter says no'); }, password: 'x' };
    const proxy = new Proxy({}, { get() { throw new Error('proxy says no'); } });
    const out = [];
    for (const [name, arg] of [['signInWithPassword', hostile], ['signInWithOtp', proxy]]) {
      const { data, error } = await app.auth[name](arg);
      out.push({ data, code: error?.code, message: error?.message, isError: error instanceof Error });
    }
    return out;
  }, { env: freshEnv('getter') });
  assert.deepEqual(r.map((x) => [x.data, x.code, x.isError]), [[null, 'invalid_argument', true], [null, 'invalid_argument', true]]);
  assert.match(r[0].message, /signInWithPassword: its argument could not be read \(getter says no\)/);
  assert.match(r[1].message, /signInWithOtp: .*proxy says no/);
  assert.deepEqual(page.errors, []);
});
