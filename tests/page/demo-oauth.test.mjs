// The OAuth demo page (www/oauth.html) as a person uses it: the provider button, the emulator's
// fake provider's account chooser, and the way back completed by detectSessionInUrl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshEnv, servedRequests } from '../support/harness.mjs';
import { useDemo, loggedEvents, shot } from './demo-support.mjs';

const d = useDemo();

test('Continue with GitHub: choose an account at the provider, come back signed in, URL cleaned', async () => {
  const env = freshEnv('demo-oauth');
  const page = await d.open('/oauth', env);
  await page.getByRole('button', { name: 'Continue with GitHub' }).click();
  await page.waitForURL(/\/_emulator\/oauth\/github\/authorize/);
  await shot(page, 'oauth-provider');
  await page.getByRole('link', { name: /Continue as Alice Liddell/ }).click();

  await page.waitForURL((u) => u.pathname === '/oauth');
  await page.getByRole('status').filter({ hasText: 'Signed in as Alice Liddell.' }).waitFor();
  const back = new URL(page.url());
  assert.deepEqual([...back.searchParams.keys()], ['emulator', 'env'], 'code and state gone, the page\'s own query restored');
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION', 'SIGNED_IN']);
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 1);
  await shot(page, 'oauth-signed-in');

  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await page.getByRole('status').filter({ hasText: /^Welcome, / }).waitFor();
  await page.locator('#profile dd', { hasText: 'Alice Liddell' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('cancelling at the provider comes back signed out with a message', async () => {
  const env = freshEnv('demo-oauth-cancel');
  const page = await d.open('/oauth', env);
  await page.getByRole('button', { name: 'Continue with Google' }).click();
  await page.waitForURL(/\/_emulator\/oauth\/google\/authorize/);
  await page.getByRole('link', { name: /Cancel/ }).click();
  await page.waitForURL((u) => u.pathname === '/oauth');
  await page.getByRole('alert').filter({ hasText: 'Sign-in failed: the user cancelled the sign-in' }).waitFor();
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION', 'SIGNED_IN'], 'SIGNED_IN with info.error');
  assert.match(await page.locator('#auth-log li').last().textContent(), /login failed: the user cancelled/);
  assert.equal((await servedRequests(env, '/auth/v1/provider/token')).length, 0);
  assert.equal(await page.evaluate(async () => (await (await import('/js/app.js')).auth.getSession()).data.session), null);
  await shot(page, 'oauth-cancelled');
  assert.deepEqual(page.errors, []);
});
