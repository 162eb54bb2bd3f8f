// Smoke run of the demo page (www/) as a person would use it, against the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser } from '../support/harness.mjs';

const h = useHarness();

test('demo page: anonymous sign-in, password sign-in, sign-out, live event log', async () => {
  const env = freshEnv('demo');
  await createUser({ env, email: 'demo@example.com', password: 'demo-password-1' });
  const page = await h.newPage(`/www/index.html?emulator=${encodeURIComponent(EMULATOR_URL)}&env=${env}`);
  await page.locator('#status', { hasText: 'ready' }).waitFor();
  assert.equal(await page.textContent('#session'), 'null');

  await page.click('#signin-anonymous');
  await page.locator('#status', { hasText: 'signInAnonymously: ok' }).waitFor();
  assert.match(await page.textContent('#user'), /"is_anonymous": true/);

  await page.click('#signin-password');
  await page.locator('#status', { hasText: 'signInWithPassword: ok' }).waitFor();
  assert.match(await page.textContent('#user'), /"email": "demo@example.com"/);

  await page.click('#signout');
  await page.locator('#status', { hasText: 'signOut: ok' }).waitFor();
  assert.equal(await page.textContent('#session'), 'null');

  await page.locator('#events li', { hasText: 'SIGNED_OUT' }).waitFor();
  const events = await page.$$eval('#events li', (lis) => lis.map((li) => li.textContent.split(' ')[1]));
  assert.deepEqual(events, ['INITIAL_SESSION', 'SIGNED_IN', 'SIGNED_IN', 'SIGNED_OUT']);

  await page.fill('#password', 'wrong-password');
  await page.click('#signin-password');
  await page.locator('#status.error').waitFor();
  assert.match(await page.textContent('#status'), /invalid_username_or_password/);
  assert.deepEqual(page.errors, []);
});
