// An app-supplied storage adapter in a page (`cloudbase.init({ env, storage })`): it replaces localStorage for
// the session, device id and language; an awaited method has reached the adapter; a later app on the same
// adapter (a reload) is signed in; an app without it is not. The Node side (one store per user on a server)
// is tests/fixtures/node-esm/storage-adapter.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser } from '../support/harness.mjs';

const h = useHarness();

test('a custom async adapter holds the session instead of localStorage, across apps of the page', async () => {
  const env = freshEnv('adapter');
  await createUser({ env, email: 'adapter@example.com', password: 'adapter-password-1' });
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env, emu }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    // An IndexedDB-like store: every answer comes on a later task.
    const store = new Map();
    const calls = [];
    const later = (f) => new Promise((resolve) => setTimeout(() => resolve(f()), 1));
    const storage = {
      getItem: (k) => later(() => (calls.push(`get ${k}`), store.get(k) ?? null)),
      setItem: (k, v) => later(() => { calls.push(`set ${k}`); store.set(k, v); }),
      removeItem: (k) => later(() => { calls.push(`remove ${k}`); store.delete(k); }),
    };
    const open = (config) => {
      const app = cloudbase.init({ env, ...config });
      app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
      return app.auth;
    };
    const email = async (auth) => (await auth.getSession()).data.session?.user?.email ?? null;
    const first = open({ storage });
    const signIn = await first.signInWithPassword({ email: 'adapter@example.com', password: 'adapter-password-1' });
    const storedAfterSignIn = store.has(`credentials_${env}`);
    const reloaded = open({ storage });
    const withoutAdapter = open({});
    const result = {
      error: signIn.error,
      storedAfterSignIn,
      keys: [...store.keys()].sort(),
      localStorage: Object.keys(localStorage).filter((k) => k.includes(env) || k === 'device_id'),
      reloaded: await email(reloaded),
      withoutAdapter: await email(withoutAdapter),
      reads: calls.filter((c) => c.startsWith('get')).length,
    };
    await reloaded.signOut();
    result.afterSignOut = [store.has(`credentials_${env}`), await email(open({ storage }))];
    return result;
  }, { env, emu: EMULATOR_URL });
  assert.equal(r.error, null);
  assert.equal(r.storedAfterSignIn, true, 'the awaited sign-in has reached the adapter');
  assert.deepEqual(r.keys, [`credentials_${env}`, 'device_id', `lang_${env}`, `user_info_${env}`]);
  assert.deepEqual(r.localStorage, [], 'nothing of this app in localStorage');
  assert.equal(r.reloaded, 'adapter@example.com');
  assert.equal(r.withoutAdapter, null);
  assert.equal(r.reads, 10, 'each app read its five keys once, before its first method');
  assert.deepEqual(r.afterSignOut, [false, null]);
  assert.deepEqual(page.errors, []);
});
