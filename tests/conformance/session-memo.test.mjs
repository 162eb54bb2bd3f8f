// `getSession()`'s memo (src/auth/memo.rs, src/js/session_memo.rs) in headless Chromium, beside the official SDK: answers are fresh objects,
// as the official SDK builds them, so a caller changing one does not change the next; storage stays the source
// of truth, so a change written behind the SDK's back (another tab, the official SDK) is seen by the next call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, freshEnv, createUser, openApp, finish } from '../support/harness.mjs';

const h = useHarness();
const SDKS = { ours: '/pkg/index.js', official: '/sdk/cloudbase-official.js' };

/** Signs `env`'s user in on a page opened with `openApp`; the access token. */
async function signIn(page) {
  return page.evaluate(async () => {
    const r = await window.auth.signInWithPassword({ email: 'memo@example.com', password: 'memo-password-1' });
    if (r.error) throw new Error(r.error.code);
    return r.data.session.access_token;
  });
}

/** What the tests compare of a getSession() answer (in the page: `window.view`). */
function installView(page) {
  return page.evaluate(() => {
    window.view = (s) => s.data.session && {
      email: s.data.user.email, name: s.data.user.user_metadata.name, providers: [...s.data.user.app_metadata.providers],
      token: s.data.session.access_token, expires: s.data.session.expires_at.getTime(),
      sameUser: s.data.session.user === s.data.user, isDate: s.data.session.expires_at instanceof Date,
    };
  });
}

for (const [sdk, modulePath] of Object.entries(SDKS)) {
  test(`${sdk}: a caller changing a getSession() answer does not change the next one`, async () => {
    const env = freshEnv('memo');
    await createUser({ env, email: 'memo@example.com', password: 'memo-password-1' });
    const { page } = await openApp(h, modulePath, env);
    const token = await signIn(page);
    await installView(page);
    const r = await page.evaluate(async () => {
      const a = await window.auth.getSession();
      const before = window.view(a);
      a.data.user.email = 'changed@example.com';
      a.data.user.user_metadata.name = 'changed';
      a.data.user.app_metadata.providers.push('changed');
      a.data.session.access_token = 'changed';
      const b = await window.auth.getSession();
      return { before, after: window.view(b), fresh: a.data !== b.data && a.data.user !== b.data.user && a.data.session !== b.data.session };
    });
    assert.equal(r.before.email, 'memo@example.com');
    assert.equal(r.before.token, token);
    assert.equal(r.before.sameUser, true, 'session.user is data.user');
    assert.equal(r.before.isDate, true, 'expires_at is a Date');
    assert.deepEqual(r.after, r.before);
    assert.equal(r.fresh, true, 'each call returns new objects');
    await finish(page);
  });
}

test('ours: getSession() follows storage written behind its back, on the very next call', async () => {
  const env = freshEnv('memo');
  await createUser({ env, email: 'memo@example.com', password: 'memo-password-1' });
  const { page } = await openApp(h, SDKS.ours, env);
  const token = await signIn(page);
  await installView(page);
  const r = await page.evaluate(async (env) => {
    const a = await window.auth.getSession();
    a.data.session.expires_at.setTime(0); // the kept answer's Date is not the caller's
    const b = await window.auth.getSession();
    // The cached profile rewritten (as another tab's updateUser does), then the credentials removed.
    const key = `user_info_${env}`;
    const info = JSON.parse(localStorage.getItem(key));
    info.content.email = 'elsewhere@example.com';
    localStorage.setItem(key, JSON.stringify(info));
    const c = await window.auth.getSession();
    localStorage.removeItem(`credentials_${env}`);
    const d = await window.auth.getSession();
    return { b: window.view(b), c: window.view(c), d: d.data, dError: d.error };
  }, env);
  assert.ok(r.b.expires > Date.now());
  assert.equal(r.c.email, 'elsewhere@example.com');
  assert.equal(r.c.token, token);
  assert.deepEqual(r.d, { session: null, user: null });
  assert.equal(r.dError, null);
  await finish(page);
});
