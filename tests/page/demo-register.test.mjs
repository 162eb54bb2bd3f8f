// The docs' registration example (www/register.html) as a person uses it: details, the code from
// the e-mail (the outbox panel), a mistyped code, then the new account signed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshEnv, createUser } from '../support/harness.mjs';
import { useDemo, codeFromOutbox, loggedEvents, shot } from './demo-support.mjs';

const d = useDemo();

test('register with an e-mailed code: field checks, wrong code, right code, signed in, dashboard', async () => {
  const env = freshEnv('demo-reg');
  const page = await d.open('/register', env);
  const email = page.getByLabel('E-mail');
  const password = page.getByLabel(/^Password/);

  await page.getByRole('button', { name: 'Send verification code' }).click();
  await page.getByRole('alert').filter({ hasText: 'Enter a valid e-mail address.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await email.fill('new.person@example.com');
  await password.fill('short');
  await password.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'The password needs at least 8 characters.' }).waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');

  await password.fill('a-good-password-1');
  await password.press('Enter');
  await page.getByRole('status').filter({ hasText: 'A verification code has been sent to new.person@example.com.' }).waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), null, 'fixed fields are no longer marked');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'code', 'focus moves to the code field');
  const code = await codeFromOutbox(page, 'new.person@example.com');
  assert.match(await page.locator('#outbox li').first().textContent(), /E-mail to new\.person@example\.com/);
  await shot(page, 'register-code-sent');

  await page.getByLabel('Verification code').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify and create account' }).click();
  await page.getByRole('alert').filter({ hasText: /^verification failed: / }).waitFor();
  await shot(page, 'register-wrong-code');

  await page.getByLabel('Verification code').fill(code);
  await page.getByLabel('Verification code').press('Enter');
  await page.getByRole('status').filter({ hasText: 'register successfully: new.person@example.com.' }).waitFor();
  assert.equal(await page.getByRole('alert').isVisible(), false);
  await page.locator('#auth-log li', { hasText: 'SIGNED_IN' }).waitFor();
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION', 'SIGNED_IN']);
  await shot(page, 'register-success');

  await page.keyboard.press('Enter'); // focus is on "Go to your dashboard"
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('status').filter({ hasText: 'Welcome, new.person@example.com.' }).waitFor();
  await page.locator('#profile dd', { hasText: 'new.person@example.com' }).first().waitFor();

  // The password chosen at registration works for a later password login.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'Not signed in.' }).waitFor();
  await page.getByRole('link', { name: 'Password login' }).click();
  await page.getByLabel('E-mail').fill('new.person@example.com');
  await page.getByLabel('Password').fill('a-good-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: 'login successful: new.person@example.com' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('register with an address that already has an account: the code signs that user in', async () => {
  const env = freshEnv('demo-reg-existing');
  const existing = await createUser({ env, email: 'old@example.com', password: 'old-password-1' });
  const page = await d.open('/register', env);
  await page.getByLabel('E-mail').fill('old@example.com');
  await page.getByLabel(/^Password/).fill('another-password-1');
  await page.getByRole('button', { name: 'Send verification code' }).click();
  await page.getByLabel('Verification code').fill(await codeFromOutbox(page, 'old@example.com'));
  await page.getByRole('button', { name: 'Verify and create account' }).click();
  await page.getByRole('status').filter({ hasText: 'register successfully: old@example.com.' }).waitFor();
  const userId = await page.evaluate(async () => (await import('/js/app.js')).auth.getUser().then((r) => r.data.user.id));
  assert.equal(userId, existing.user_id, 'the documented "if the user already exists, log in directly"');
  await shot(page, 'register-existing-user');
  assert.deepEqual(page.errors, []);
});
