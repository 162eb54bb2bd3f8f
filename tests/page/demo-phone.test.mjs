// The docs' phone-OTP login page (www/phone.html) as a person uses it: phone validation, send,
// the 60-second countdown, resend, every documented error message, and the redirect to /dashboard.
// Faults come from the emulator's own API: its clock (expiry), `drop` faults (network failure),
// repeated wrong codes (too many attempts) and a second send within 60 s (too frequent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshEnv, servedRequests, advanceClock, emulator } from '../support/harness.mjs';
import { useDemo, codeFromOutbox, waitForOutboxCount, loggedEvents, shot } from './demo-support.mjs';

const d = useDemo();

const PHONE = '13800138000';
const SHOWN_AS = '+86 13800138000';

/** The message in the page's error region, once it shows `text`. */
async function expectError(page, text) {
  await page.getByRole('alert').filter({ hasText: text }).waitFor();
  assert.equal((await page.getByRole('alert').textContent()).trim(), text);
}

/** Types the number and presses Enter, as a person would; resolves once the code field is shown. */
async function sendCode(page, phone = PHONE) {
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByLabel('Mobile number').press('Enter');
  await page.getByRole('status').filter({ hasText: 'The Captcha has been sent to your mobile phone.' }).waitFor();
}

async function enterCode(page, code) {
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The seconds shown on the resend button ("42s to resend"). */
async function secondsLeft(button) {
  const text = (await button.textContent()).trim();
  const m = text.match(/^(\d+)s to resend$/);
  assert.ok(m, `countdown text: ${text}`);
  return Number(m[1]);
}

function assertCountdown(n, min, max) {
  assert.ok(n >= min && n <= max, `countdown shows ${n}s, expected ${min}–${max}`);
}

/** A code for PHONE that is surely wrong. */
const wrong = (code) => String((Number(code) + 1) % 1000000).padStart(6, '0');

test('phone validation: empty and malformed numbers are refused before any request', async () => {
  const env = freshEnv('demo-phone-val');
  const page = await d.open('/phone', env);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expectError(page, 'Enter your phone number');
  for (const bad of ['12345', '23800138000', '1380013800a']) {
    await page.getByLabel('Mobile number').fill(bad);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expectError(page, 'Enter a valid mobile number format');
  }
  await shot(page, 'phone-invalid');
  assert.deepEqual(await servedRequests(env), [], 'nothing was sent to the emulator');
  assert.equal(await page.getByLabel('Verification code').isVisible(), false);
  assert.deepEqual(page.errors, []);
});

test('phone login: send, countdown, a wrong code, the right code from the outbox, redirect to the dashboard', async () => {
  const env = freshEnv('demo-phone');
  const page = await d.open('/phone', env, { fakeClock: true });
  await sendCode(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'code', 'focus moves to the code field');
  assert.equal(await page.getByLabel('Mobile number').isVisible(), false);
  const resend = page.locator('#resendBtn');
  assert.equal(await resend.isDisabled(), true);
  // Playwright's clock also moves on by itself, so a slow run may show a second or two less.
  await page.clock.runFor(1000);
  assertCountdown(await secondsLeft(resend), 57, 59);
  await page.clock.runFor(29000);
  assertCountdown(await secondsLeft(resend), 27, 30);
  assert.equal(await resend.isDisabled(), true);

  const code = await codeFromOutbox(page, SHOWN_AS);
  assert.match(code, /^\d{6}$/);
  await shot(page, 'phone-code-sent');

  await enterCode(page, wrong(code));
  await expectError(page, 'Captcha error, please enter again');
  await shot(page, 'phone-wrong-code');

  await enterCode(page, code);
  await page.getByRole('status').filter({ hasText: 'Login successful. Welcome back' }).waitFor();
  assert.equal(await page.getByRole('alert').isVisible(), false, 'the earlier error is hidden');
  await page.locator('#auth-log li', { hasText: 'SIGNED_IN' }).waitFor();
  assert.match(await page.locator('#auth-log li', { hasText: 'SIGNED_IN' }).textContent(), /user login successful: \+86 13800138000/);
  await shot(page, 'phone-success');
  assert.equal(new URL(page.url()).pathname, '/phone', 'stays 2 s to show the message');
  await page.clock.runFor(2000);
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('status').filter({ hasText: 'Welcome, +86 13800138000.' }).waitFor();
  await shot(page, 'phone-dashboard');
  assert.deepEqual(page.errors, []);
});

test('too frequent: a second send to the same number within 60 s', async () => {
  const env = freshEnv('demo-phone-freq');
  const page = await d.open('/phone', env);
  await sendCode(page);
  await waitForOutboxCount(page, 1);
  // The resend button is counting down, so the person reloads the page and tries again.
  await page.reload();
  await page.locator('#auth-log li', { hasText: 'INITIAL_SESSION' }).waitFor();
  await page.getByLabel('Mobile number').fill(PHONE);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expectError(page, 'Sending frequency too high, try again later');
  assert.equal(await page.getByLabel('Verification code').isVisible(), false);
  await waitForOutboxCount(page, 1);
  await shot(page, 'phone-too-frequent');
  assert.deepEqual(page.errors, []);
});

test('network failure: the connection drops on every try of the send', async () => {
  const env = freshEnv('demo-phone-net');
  const page = await d.open('/phone', env);
  // The package retries a request that got no answer (and Chromium may retry a dropped keep-alive
  // connection once more itself): drop every try until the test lifts the fault.
  await emulator('POST', '/_emulator/faults', { path: '/auth/v1/verification', kind: 'drop', count: 100 });
  await page.getByLabel('Mobile number').fill(PHONE);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByText('Please wait…').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Send code' }).isDisabled(), true, 'no double send while loading');
  await expectError(page, 'network connection failed, check the network settings');
  assert.equal(await page.getByRole('button', { name: 'Send code' }).isDisabled(), false);
  await shot(page, 'phone-network-failure');

  // The network is back: the same button works.
  await emulator('DELETE', '/_emulator/faults?path=/auth/v1/verification');
  await sendCode(page);
  assert.match(await codeFromOutbox(page, SHOWN_AS), /^\d{6}$/);
  // Firefox reports each dropped request as a page error; nothing else may appear.
  assert.deepEqual(page.errors.filter((e) => !/CORS request did not succeed/.test(e)), []);
});

test('too many attempts: the fifth wrong code kills the code, the right one no longer works', async () => {
  const env = freshEnv('demo-phone-max');
  const page = await d.open('/phone', env);
  await sendCode(page);
  const code = await codeFromOutbox(page, SHOWN_AS);
  for (let i = 1; i <= 4; i++) {
    await enterCode(page, wrong(code));
    await expectError(page, 'Captcha error, please enter again');
    await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
  }
  await enterCode(page, wrong(code));
  await expectError(page, 'Too many verification attempts, try again later');
  await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
  await enterCode(page, code);
  await expectError(page, 'Too many verification attempts, try again later');
  await shot(page, 'phone-too-many-attempts');
  assert.deepEqual(await loggedEvents(page), ['INITIAL_SESSION'], 'never signed in');
  assert.deepEqual(page.errors, []);
});

test('expired code: "obtain again", resend after the countdown, then sign in with the new code', async () => {
  const env = freshEnv('demo-phone-exp');
  const page = await d.open('/phone', env, { fakeClock: true });
  await sendCode(page);
  const first = await codeFromOutbox(page, SHOWN_AS);
  await advanceClock(601); // codes live 10 minutes on the emulator
  await enterCode(page, first);
  await expectError(page, 'Captcha expired, please obtain again');
  const resend = page.getByRole('button', { name: /resend/i });
  assert.equal(await resend.isVisible(), true);
  await page.locator('#outbox li.expired', { hasText: first }).waitFor(); // the panel says so too
  await shot(page, 'phone-code-expired');

  await page.clock.runFor(60000);
  assert.equal((await resend.textContent()).trim(), 'Resend code');
  assert.equal(await resend.isEnabled(), true);
  await resend.click();
  await page.waitForFunction(() => document.getElementById('resendBtn').disabled); // the new countdown began
  await waitForOutboxCount(page, 2);
  const second = await codeFromOutbox(page, SHOWN_AS);
  await page.clock.runFor(1000);
  assertCountdown(await secondsLeft(resend), 57, 59); // the countdown starts again
  assert.equal(await resend.isDisabled(), true);
  await enterCode(page, second);
  await page.getByRole('status').filter({ hasText: 'Login successful. Welcome back' }).waitFor();
  await shot(page, 'phone-resent-success');
  assert.deepEqual(page.errors, []);
});
