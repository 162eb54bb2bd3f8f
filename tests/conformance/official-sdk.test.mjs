// The official @cloudbase/js-sdk@3.7.0 in headless Chromium against the emulator proves the emulator
// speaks the real protocol; the same scenario through our package must send the same requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser, recordAuthRequests, settle } from '../support/harness.mjs';

const h = useHarness();

// Runs sign-in → getUser → refreshSession → signOut in a page with the given module as `cloudbase`.
async function passwordScenario(modulePath, env) {
  const page = await h.newPage();
  const requests = recordAuthRequests(page);
  const result = await page.evaluate(async ({ modulePath, env, emu }) => {
    const mod = await import(modulePath);
    const cloudbase = mod.default;
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    const auth = app.auth;
    window.events = [];
    auth.onAuthStateChange((event) => window.events.push(event));
    const steps = {};
    const signIn = await auth.signInWithPassword({ email: 'conf@example.com', password: 'conf-password-1' });
    steps.signIn = { error: signIn.error?.message ?? null, email: signIn.data?.user?.email, hasToken: !!signIn.data?.session?.access_token };
    const stored = localStorage.getItem(`credentials_${env}`);
    const user = await auth.getUser();
    steps.getUser = { error: user.error?.message ?? null, email: user.data?.user?.email, idIsSub: !!user.data?.user?.id && user.data.user.id === signIn.data?.session?.sub };
    const refreshed = await auth.refreshSession();
    steps.refresh = { error: refreshed.error?.message ?? null, changed: refreshed.data?.session?.access_token !== signIn.data?.session?.access_token };
    const out = await auth.signOut();
    steps.signOut = { error: out.error?.message ?? null };
    steps.afterSignOut = { credentials: localStorage.getItem(`credentials_${env}`), userInfo: localStorage.getItem(`user_info_${env}`) };
    const storedKeys = stored ? Object.keys(JSON.parse(stored)).sort() : null;
    return { steps, storedKeys };
  }, { modulePath, env, emu: EMULATOR_URL });
  await settle(page); // asynchronous event delivery has finished
  result.events = await page.evaluate(() => window.events);
  assert.deepEqual(page.errors, []);
  return { result, requests };
}

test('official SDK: signInWithPassword → getUser → refreshSession → signOut against the emulator', async () => {
  const env = freshEnv('official');
  await createUser({ env, email: 'conf@example.com', password: 'conf-password-1' });
  const { result } = await passwordScenario('/sdk/cloudbase-official.js', env);
  const { steps } = result;
  assert.deepEqual(steps.signIn, { error: null, email: 'conf@example.com', hasToken: true });
  assert.equal(steps.getUser.error, null);
  assert.equal(steps.getUser.email, 'conf@example.com');
  assert.equal(steps.getUser.idIsSub, true);
  assert.deepEqual(steps.refresh, { error: null, changed: true });
  assert.deepEqual(steps.signOut, { error: null });
  assert.deepEqual(steps.afterSignOut, { credentials: null, userInfo: null });
  assert.ok(result.events.includes('SIGNED_IN') && result.events.includes('TOKEN_REFRESHED') && result.events.includes('SIGNED_OUT'), result.events.join());
});

test('our package sends the same requests and stores the same credential fields as the official SDK', async () => {
  const envA = freshEnv('diff-official');
  const envB = freshEnv('diff-ours');
  await createUser({ env: envA, email: 'conf@example.com', password: 'conf-password-1' });
  await createUser({ env: envB, email: 'conf@example.com', password: 'conf-password-1' });
  const official = await passwordScenario('/sdk/cloudbase-official.js', envA);
  const ours = await passwordScenario('/pkg/index.js', envB);

  assert.deepEqual(ours.result.steps, official.result.steps);
  assert.deepEqual(ours.result.storedKeys, official.result.storedKeys);
  // Same events in the same order (ours adds INITIAL_SESSION for a new subscriber, spec §12).
  assert.deepEqual(ours.result.events.filter((e) => e !== 'INITIAL_SESSION'), official.result.events);

  const shape = (reqs, env) => reqs.map((r) => ({
    method: r.method,
    path: r.path,
    query: Object.keys(r.query).sort(),
    clientId: r.query.client_id === env ? 'env' : r.query.client_id,
    headers: Object.keys(r.headers).filter((k) => !['user-agent', 'referer', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'accept'].includes(k)).sort(),
    bodyFields: r.body && typeof r.body === 'object' ? Object.keys(r.body).sort() : r.body,
  }));
  assert.deepEqual(shape(ours.requests, envB), shape(official.requests, envA));
  // The wire headers are exactly the official ones (an extra header would fail the gateway's CORS).
  for (const r of ours.requests) {
    assert.equal(r.headers['x-sdk-version'], '@cloudbase/js-sdk/3.7.0');
    assert.match(r.headers['x-request-id'], /^[0-9a-f]{32}$/);
    assert.ok(r.headers['x-device-id']);
    if (r.body !== null) assert.equal(r.headers['content-type'], 'text/plain;charset=UTF-8');
  }
});

test('AuthErrorCode, AuthErrorCategory and AuthError fields match the official SDK', async () => {
  const env = freshEnv('errors');
  await createUser({ env, username: 'erin', password: 'erin-password-1' });
  const page = await h.newPage();
  const r = await page.evaluate(async ({ env, emu }) => {
    const official = await import('/sdk/cloudbase-official-oauth.js');
    const ours = await import('/pkg/index.js');
    const wrongPassword = async (modulePath) => {
      const { default: cloudbase } = await import(modulePath);
      const app = cloudbase.init({ env });
      app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
      const { error } = await app.auth.signInWithPassword({ username: 'erin', password: 'not-her-password' });
      const { name, message, code, status, errorCode, category } = error;
      return { name, message, code, status, errorCode, category };
    };
    return {
      codes: [{ ...official.AuthErrorCode }, { ...ours.AuthErrorCode }],
      categories: [{ ...official.AuthErrorCategory }, { ...ours.AuthErrorCategory }],
      errors: [await wrongPassword('/sdk/cloudbase-official.js'), await wrongPassword('/pkg/index.js')],
      oursIsAuthError: ours.isAuthError(new ours.AuthError({ code: 'x' })),
    };
  }, { env, emu: EMULATOR_URL });
  assert.ok(Object.keys(r.codes[0]).length > 10);
  assert.deepEqual(r.codes[1], r.codes[0]);
  assert.deepEqual(r.categories[1], r.categories[0]);
  assert.deepEqual(r.errors[1], r.errors[0]);
  assert.equal(r.errors[1].code, 'invalid_username_or_password');
  assert.equal(r.oursIsAuthError, true);
});
