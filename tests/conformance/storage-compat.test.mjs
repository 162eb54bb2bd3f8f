// Sessions survive a switch between the official @cloudbase/js-sdk@3.7.0 and this package, in
// either direction: both keep a session in the same storage entries (`credentials_{clientId}`,
// `user_info_{env}`) with the same encodings, and fields a server adds that neither SDK knows are
// kept. Both SDKs run in pages of one browser context (one localStorage), one after the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser, servedRequests, settle } from '../support/harness.mjs';

const h = useHarness();
const OFFICIAL = '/sdk/cloudbase-official.js';
const OURS = '/pkg/index.js';
// A field a newer server might add to its token and profile answers.
const EXTRA = { x_future_field: { nested: ['kept', 1, true] } };

/** Adds `EXTRA` to the emulator's sign-in, token and profile answers seen by `page`. */
function addServerFields(page) {
  return page.route(/\/auth\/v1\/(signin|token|user\/me)(\?|$)/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), ...EXTRA } });
  });
}

/** `cloudbase` from `modulePath` initialised for `env` as `window.auth` in `page`. */
function init(page, modulePath, env) {
  return page.evaluate(async ({ modulePath, env, emu }) => {
    const cloudbase = (await import(modulePath)).default;
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.auth = app.auth;
  }, { modulePath, env, emu: EMULATOR_URL });
}

/** A page with the SDK at `modulePath`: the first of a new context, or the next one of `after`'s. */
async function sdkPage(modulePath, env, after) {
  let page;
  if (after) {
    await settle(after);
    assert.deepEqual(after.errors, []);
    page = await h.pageIn(after.context());
    await after.close();
  } else {
    page = await h.newPage();
  }
  await init(page, modulePath, env);
  return page;
}

/** The stored session entries of `env`, as the strings in localStorage. */
const stored = (page, env) => page.evaluate((env) => ({
  credentials: localStorage.getItem(`credentials_${env}`),
  userInfo: localStorage.getItem(`user_info_${env}`),
}), env);

/** What a signed-in SDK reports: the session's user and token, and its extra field. */
const sessionOf = (page) => page.evaluate(async () => {
  const { data, error } = await auth.getSession();
  const s = data?.session;
  return { error: error?.code ?? null, id: s?.user?.id, email: s?.user?.email, token: s?.access_token, extra: s?.x_future_field };
});

/** The structure of a stored JSON entry: keys (sorted) and value types, `expires_at` by format. */
function shape(text) {
  const walk = (v, key) => {
    if (key === 'expires_at') return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v) ? 'ISO date' : typeof v;
    if (v === null || typeof v !== 'object') return typeof v;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, walk(v[k], k)]));
  };
  return walk(JSON.parse(text));
}

async function signIn(page, email) {
  const r = await page.evaluate((email) => auth.signInWithPassword({ email, password: 'compat-password-1' }), email);
  assert.equal(r.error, null);
  return r.data.user.id;
}

/** A new user of `env` signed in with `sdk` by password, the server sending extra fields: the page, the user id and the stored entries. */
async function signedIn(sdk, env, email) {
  await createUser({ env, email, password: 'compat-password-1' });
  const page = await sdkPage(sdk, env);
  await addServerFields(page);
  const id = await signIn(page, email);
  return { page, id, written: await stored(page, env) };
}

test('storage: a session the official SDK stored is signed in with our package, and back', async () => {
  const env = freshEnv('compat-official');
  const email = 'compat-official@example.com';
  const { page: official, id, written } = await signedIn(OFFICIAL, env, email);
  assert.deepEqual(JSON.parse(written.credentials).x_future_field, EXTRA.x_future_field);
  assert.deepEqual(JSON.parse(written.userInfo).content.x_future_field, EXTRA.x_future_field);

  const ours = await sdkPage(OURS, env, official);
  const s = await sessionOf(ours);
  assert.deepEqual(s, { error: null, id, email, token: JSON.parse(written.credentials).access_token, extra: EXTRA.x_future_field });
  assert.deepEqual(await stored(ours, env), written, 'reading the session leaves both entries byte for byte as they were');
  assert.equal((await servedRequests(env, '/auth/v1/signin')).length, 1, 'no second sign-in');

  // What our package writes (a refreshed token), the official SDK reads.
  const refreshed = await ours.evaluate(async () => (await auth.refreshSession()).data.session.access_token);
  assert.notEqual(refreshed, s.token);
  const back = await sdkPage(OFFICIAL, env, ours);
  const b = await sessionOf(back);
  assert.deepEqual([b.error, b.id, b.email, b.token], [null, id, email, refreshed]);
  await settle(back);
  assert.deepEqual(back.errors, []);
});

test('storage: a session our package stored is signed in with the official SDK, in its encodings', async () => {
  const env = freshEnv('compat-ours');
  const email = 'compat-ours@example.com';
  const { page: ours, id, written } = await signedIn(OURS, env, email);
  assert.deepEqual(JSON.parse(written.credentials).x_future_field, EXTRA.x_future_field, 'server fields are stored');
  assert.deepEqual(JSON.parse(written.userInfo).content.x_future_field, EXTRA.x_future_field);

  // The official SDK, signed in the same way in another env, stores entries of the same structure.
  const otherEnv = freshEnv('compat-ref');
  const { page: ref, written: expected } = await signedIn(OFFICIAL, otherEnv, email);
  assert.deepEqual(shape(written.credentials), shape(expected.credentials));
  assert.deepEqual(shape(written.userInfo), shape(expected.userInfo));
  await settle(ref);
  await ref.context().close();

  const official = await sdkPage(OFFICIAL, env, ours);
  const s = await sessionOf(official);
  assert.deepEqual(s, { error: null, id, email, token: JSON.parse(written.credentials).access_token, extra: EXTRA.x_future_field });
  assert.equal((await servedRequests(env, '/auth/v1/signin')).length, 1, 'no second sign-in');
  await settle(official);
  assert.deepEqual(official.errors, []);
});
