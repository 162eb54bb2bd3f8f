// resetPasswordForEmail({redirectTo}): after the new password is set and the user signed in,
// the page navigates to redirectTo (location.assign) — only observable in a real page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser, latestCode } from '../support/harness.mjs';

const h = useHarness();

test('resetPasswordForEmail with redirectTo signs in, then navigates there', async () => {
  const env = freshEnv('reset-redirect');
  await createUser({ env, email: 'rita@example.com', password: 'Old-pass-1' });
  const page = await h.newPage();
  const target = `${h.baseUrl}/blank.html?after=reset`;
  const sent = await page.evaluate(async ({ env, emu, target }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const app = cloudbase.init({ env });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.events = [];
    app.auth.onAuthStateChange((e) => window.events.push(e));
    const r = await app.auth.resetPasswordForEmail('rita@example.com', { redirectTo: target });
    window.pending = r.data.updateUser;
    return { error: r.error, isFunction: typeof r.data.updateUser === 'function' };
  }, { env, emu: EMULATOR_URL, target });
  assert.deepEqual(sent, { error: null, isFunction: true });
  const code = await latestCode(env, 'rita@example.com');
  const navigated = page.waitForURL(target);
  // Not awaited inside the page: the navigation ends this document.
  await page.evaluate(({ code }) => { window.pending({ nonce: code, password: 'New-pass-1' }); }, { code });
  await navigated;
  const stored = await page.evaluate((env) => localStorage.getItem(`credentials_${env}`), env);
  assert.ok(stored && JSON.parse(stored).access_token, 'signed in before navigating');
  assert.deepEqual(page.errors, []);
});
