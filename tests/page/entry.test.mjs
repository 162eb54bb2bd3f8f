// What only the JS entry shows: the default import in a plain page, app.auth vs app.auth(),
// endpoint registration, the default gateway URL, and {data, error} (never an exception) for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser } from '../support/harness.mjs';

const h = useHarness();

test('default import works in a plain page and init is synchronous', async () => {
  const page = await h.newPage();
  const shape = await page.evaluate(async () => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env: 'shape-env', region: 'ap-shanghai', accessKey: '', auth: { detectSessionInUrl: false } });
    return {
      initIsFunction: typeof cloudbase.init === 'function',
      appIsPromise: app instanceof Promise,
      authIsFunction: typeof app.auth === 'function',
      sameInstance: app.auth() === app.auth(),
      methodsOnFunction: ['signInWithPassword', 'signInAnonymously', 'getSession', 'getUser', 'refreshSession', 'signOut', 'onAuthStateChange']
        .every((m) => typeof app.auth[m] === 'function'),
      methodsOnCall: ['signInWithPassword', 'getSession', 'signOut'].every((m) => typeof app.auth()[m] === 'function'),
    };
  });
  assert.deepEqual(shape, { initIsFunction: true, appIsPromise: false, authIsFunction: true, sameInstance: true, methodsOnFunction: true, methodsOnCall: true });
  assert.deepEqual(page.errors, []);
});

test('app.auth.x() and app.auth().x() both sign in against the emulator', async () => {
  const env = freshEnv('entry');
  await createUser({ env, email: 'entry@example.com', password: 'entry-password-1' });
  const page = await h.newPage();
  const result = await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const a = await app.auth.signInWithPassword({ email: 'entry@example.com', password: 'entry-password-1' });
    const s1 = await app.auth().getSession();
    const out = await app.auth().signOut();
    const s2 = await app.auth.getSession();
    return {
      aError: a.error, aEmail: a.data?.user?.email, aToken: typeof a.data?.session?.access_token,
      s1User: s1.data?.session?.user?.email, outError: out.error, s2: s2.data, s2Error: s2.error,
    };
  }, { env, emu: EMULATOR_URL });
  assert.equal(result.aError, null);
  assert.equal(result.aEmail, 'entry@example.com');
  assert.equal(result.aToken, 'string');
  assert.equal(result.s1User, 'entry@example.com');
  assert.equal(result.outError, null);
  assert.deepEqual(result.s2, { session: null, user: null });
  assert.equal(result.s2Error, null);
});

test('registerHost points requests at the emulator', async () => {
  const env = freshEnv('host');
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env, host }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env });
    app.registerHost(host, 'http');
    const res = await app.auth.signInAnonymously();
    return { error: res.error, anonymous: res.data?.user?.is_anonymous };
  }, { env, host: new URL(EMULATOR_URL).host });
  assert.deepEqual(r, { error: null, anonymous: true });
});

test('without registration requests go to the default gateway host', async () => {
  const page = await h.newPage();
  const urls = [];
  await page.route('https://**/*', (route) => { urls.push(route.request().url()); route.abort(); });
  const r = await page.evaluate(async () => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env: 'my-env-1a2b' });
    const res = await app.auth.signInWithPassword({ username: 'someone', password: 'pw-123456' });
    return { code: res.error?.code, session: res.data?.session ?? null };
  });
  assert.equal(r.code, 'unreachable');
  assert.equal(r.session, null);
  assert.ok(urls.length >= 1);
  assert.ok(urls.every((u) => u.startsWith('https://my-env-1a2b.api.tcloudbasegateway.com/auth/v1/signin')), urls.join());
});

test('bad arguments resolve to { data, error } and never throw', async () => {
  const page = await h.newPage();
  const results = await page.evaluate(async () => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env: 'bad-args-env' });
    const calls = {
      noArgs: () => app.auth.signInWithPassword(),
      number: () => app.auth.signInWithPassword(42),
      nullArg: () => app.auth.signInWithPassword(null),
      objectUsername: () => app.auth.signInWithPassword({ username: {}, password: 'x' }),
      noPassword: () => app.auth.signInWithPassword({ email: 'a@b.c' }),
      numberPassword: () => app.auth.signInWithPassword({ email: 'a@b.c', password: 12345678 }),
      anonymousWithString: () => app.auth.signInAnonymously('nope'),
      refreshWithNumber: () => app.auth.refreshSession(12),
      subscribeNumber: () => app.auth.onAuthStateChange(1),
    };
    const out = {};
    for (const [name, call] of Object.entries(calls)) {
      try {
        const r = await call();
        out[name] = { keys: Object.keys(r).sort(), code: r.error?.code, name: r.error?.name, message: r.error?.message, isError: r.error instanceof Error };
      } catch (e) {
        out[name] = { threw: String(e) };
      }
    }
    return out;
  });
  for (const [name, r] of Object.entries(results)) {
    assert.equal(r.threw, undefined, `${name} threw: ${r.threw}`);
    assert.ok(r.keys.includes('data') && r.keys.includes('error'), `${name}: ${JSON.stringify(r)}`);
    assert.equal(r.name, 'AuthError', `${name}: ${JSON.stringify(r)}`);
    assert.equal(r.isError, true, name);
    assert.ok(r.message.length > 0, name);
  }
  for (const name of ['noArgs', 'number', 'nullArg', 'objectUsername', 'noPassword', 'numberPassword', 'anonymousWithString', 'refreshWithNumber', 'subscribeNumber']) {
    assert.equal(results[name].code, 'invalid_argument', `${name}: ${JSON.stringify(results[name])}`);
  }
  assert.deepEqual(page.errors, []);
});

test('a wrong password is an AuthError with the server code and a request id', async () => {
  const env = freshEnv('wrongpw');
  await createUser({ env, username: 'alice', password: 'right-password-1' });
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase, isAuthError } = await import('/pkg/index.js');
    const app = cloudbase.init({ env });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const res = await app.auth.signInWithPassword({ username: 'alice', password: 'wrong-password' });
    const e = res.error;
    return { code: e.code, status: e.status, requestId: e.requestId, isAuthError: isAuthError(e), json: JSON.parse(JSON.stringify(e)), session: res.data?.session ?? null };
  }, { env, emu: EMULATOR_URL });
  assert.equal(r.code, 'invalid_username_or_password');
  assert.equal(r.status, 'invalid_username_or_password');
  assert.match(r.requestId, /^[0-9a-f]{32}$/);
  assert.equal(r.isAuthError, true);
  assert.equal(r.json.code, 'invalid_username_or_password');
  assert.equal(r.session, null);
});
