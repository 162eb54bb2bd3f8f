// Demo pages (www/) as a person uses them: the login status check on the start page, password
// login, the dashboard, sign-out, and the live onAuthStateChange log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshEnv, createUser } from '../support/harness.mjs';
import { useDemo, loggedEvents, shot } from './demo-support.mjs';

const d = useDemo();

/**
 * Waits until the dashboard has shown the profile (its getUser() is done), as a person would before
 * moving on; leaving earlier aborts that request, which Firefox reports as a page error.
 */
async function dashboardShown(page) {
  await page.waitForURL(/\/dashboard$/);
  await page.locator('#profile dd').first().waitFor();
}

test('start page: not signed in; password login; dashboard; sign-out; the log shows each event', async () => {
  const env = freshEnv('demo-pw');
  await createUser({ env, email: 'demo@example.com', password: 'demo-password-1', name: 'Demo Person' });
  const page = await d.open('/', env);
  await page.getByRole('status').filter({ hasText: 'Not signed in.' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false, 'no sign-out button when signed out');

  await page.getByRole('link', { name: 'Sign in with a password' }).click();
  await page.waitForURL(/\/login$/);
  await page.getByLabel('E-mail').fill('demo@example.com');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: /^login failed: / }).waitFor();
  await shot(page, 'password-wrong');
  assert.equal(await page.getByRole('status').filter({ hasText: 'login successful' }).count(), 0);

  await page.getByLabel('Password').fill('demo-password-1');
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('status').filter({ hasText: 'login successful: demo@example.com' }).waitFor();
  assert.equal(await alert.isVisible(), false, 'the old error is gone');
  await page.locator('#auth-log li', { hasText: 'SIGNED_IN' }).waitFor();
  assert.match(await page.locator('#auth-log li', { hasText: 'SIGNED_IN' }).textContent(), /user login successful: demo@example.com/);
  await shot(page, 'password-success');

  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('status').filter({ hasText: 'Welcome, demo@example.com.' }).waitFor();
  await page.locator('#profile dd', { hasText: 'Demo Person' }).waitFor();
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION']);
  assert.match(await page.locator('#auth-log li').first().textContent(), /user logged in: demo@example.com/);
  await shot(page, 'dashboard');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'Not signed in.' }).waitFor();
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION', 'SIGNED_OUT']);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Sign in', 'focus moves to the next step');
  await shot(page, 'signed-out');

  await page.getByRole('link', { name: 'Start' }).click();
  await page.getByRole('status').filter({ hasText: 'Not signed in.' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('start page: a stored session is reported, and signing out there works', async () => {
  const env = freshEnv('demo-start');
  await createUser({ env, email: 'back@example.com', password: 'demo-password-1' });
  const page = await d.open('/login', env);
  await page.getByLabel('E-mail').fill('back@example.com');
  await page.getByLabel('Password').fill('demo-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await dashboardShown(page);

  await page.getByRole('link', { name: 'Start' }).click();
  await page.getByRole('status').filter({ hasText: 'Signed in as back@example.com.' }).waitFor();
  assert.match(await page.locator('#auth-log li').first().textContent(), /INITIAL_SESSION initial session established, user logged in/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'Not signed in.' }).waitFor();
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION', 'SIGNED_OUT']);
  assert.equal(await page.evaluate(() => localStorage.length && Object.keys(localStorage).some((k) => k.startsWith('credentials_'))), false,
    'signOut removed the stored credentials');
  await shot(page, 'start-signed-out');
  assert.deepEqual(page.errors, []);
});

test('keyboard only: skip link, navigation, labelled fields in order, Enter submits; narrow screens do not scroll sideways', async () => {
  const env = freshEnv('demo-kbd');
  await createUser({ env, email: 'keys@example.com', password: 'demo-password-1' });
  const page = await d.open('/login', env, { viewport: { width: 375, height: 740 } });
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el.labels?.[0]?.textContent.trim() || el.textContent.trim();
  });
  const order = [];
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    order.push(await focused());
  }
  assert.deepEqual(order, ['Skip to content', 'Start', 'Register', 'Password login', 'Phone login', 'OAuth', 'Dashboard',
    'E-mail', 'Password', 'Sign in']);
  assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Password login');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('keys@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo-password-1');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'login successful: keys@example.com' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling at 375 px');
  await shot(page, 'login-mobile');

  // The skip link jumps past the navigation.
  await dashboardShown(page);
  await page.goto(new URL(page.url()).origin + '/');
  await page.locator('#auth-log li', { hasText: 'INITIAL_SESSION' }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.deepEqual(page.errors, []);
});
