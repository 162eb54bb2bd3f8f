// The official @cloudbase/js-sdk@3.7.0 in headless Chromium drives the emulator's verification
// code, sign-up, password and account endpoints; codes are read from the emulator's outbox.
// Each test uses its own env; the clock test moves the emulator's global clock (files run
// sequentially under --test-concurrency=1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, createUser, latestCode, readOutbox, advanceClock } from '../support/harness.mjs';

const h = useHarness();

// A page with the official SDK initialised for `env` as `window.auth`.
async function sdkPage(env) {
  const page = await h.newPage();
  await page.evaluate(async ({ env, emu }) => {
    const cloudbase = (await import('/sdk/cloudbase-official.js')).default;
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.auth = app.auth;
    window.pending = {};
    // The summary of an `{data, error}` result the tests compare.
    window.summary = (res) => ({
      error: res?.error ? { code: res.error.code, message: res.error.message, retryAfter: res.error.retryAfter ?? null } : null,
      email: res?.data?.user?.email ?? null,
      phone: res?.data?.user?.phone ?? null,
      userId: res?.data?.user?.id ?? null,
      hasSession: !!res?.data?.session?.access_token,
    });
  }, { env, emu: EMULATOR_URL });
  return page;
}

const ok = (s, what) => assert.equal(s.error, null, `${what}: ${JSON.stringify(s.error)}`);

test('official SDK: signUp({email, password}) + verifyOtp with the code from the outbox', async () => {
  const env = freshEnv('otp-signup');
  const page = await sdkPage(env);
  const sent = await page.evaluate(async () => {
    const res = await auth.signUp({ email: 'new.user@example.com', password: 'password-123', name: 'New User' });
    window.pending.signUp = res.data;
    return { error: res.error?.code ?? null, hasVerify: typeof res.data?.verifyOtp === 'function' };
  });
  assert.deepEqual(sent, { error: null, hasVerify: true });
  const [msg] = await readOutbox(env, 'new.user@example.com');
  assert.equal(msg.usage, 'email');
  assert.equal(msg.target, 'ANY');
  const done = await page.evaluate(async (code) => summary(await window.pending.signUp.verifyOtp({ token: code })), msg.code);
  ok(done, 'verifyOtp');
  assert.equal(done.email, 'new.user@example.com');
  assert.equal(done.hasSession, true);
  // The password given to signUp works.
  const again = await page.evaluate(async () => {
    await auth.signOut();
    return summary(await auth.signInWithPassword({ email: 'new.user@example.com', password: 'password-123' }));
  });
  ok(again, 'signInWithPassword');
  assert.equal(again.userId, done.userId);
  assert.deepEqual(page.errors, []);
});

test('official SDK: signInWithOtp({phone}) + verifyOtp creates, then signs in, the phone user', async () => {
  const env = freshEnv('otp-phone');
  const page = await sdkPage(env);
  const first = await page.evaluate(async () => {
    const res = await auth.signInWithOtp({ phone: '13800138000' });
    window.pending.otp = res.data;
    return res.error?.code ?? null;
  });
  assert.equal(first, null);
  const code = await latestCode(env, '+86 13800138000');
  const created = await page.evaluate(async (code) => summary(await window.pending.otp.verifyOtp({ token: code })), code);
  ok(created, 'verifyOtp (sign-up path)');
  assert.equal(created.hasSession, true);
  // A second round for the now-existing user takes the sign-in path (is_user).
  await advanceClock(61);
  await page.evaluate(async () => {
    await auth.signOut();
    const res = await auth.signInWithOtp({ phone: '13800138000' });
    window.pending.otp2 = res.data;
  });
  const code2 = await latestCode(env, '13800138000');
  const signedIn = await page.evaluate(async (code) => summary(await window.pending.otp2.verifyOtp({ token: code })), code2);
  ok(signedIn, 'verifyOtp (sign-in path)');
  assert.equal(signedIn.userId, created.userId);
  assert.deepEqual(page.errors, []);
});

test('official SDK sees the documented error codes', async () => {
  const env = freshEnv('otp-errors');
  await createUser({ env, email: 'known@example.com', password: 'password-123' });
  const page = await sdkPage(env);
  const errors = await page.evaluate(async () => {
    const out = {};
    out.badPhone = (await auth.signInWithOtp({ phone: '123' })).error?.code;
    out.unknownUser = (await auth.signInWithOtp({ email: 'ghost@example.com', options: { shouldCreateUser: false } })).error?.code;
    const first = await auth.signInWithOtp({ email: 'known@example.com', options: { shouldCreateUser: false } });
    out.firstSend = first.error?.code ?? null;
    window.pending.known = first.data;
    const again = await auth.signInWithOtp({ email: 'known@example.com', options: { shouldCreateUser: false } });
    out.tooSoon = again.error?.code;
    out.retryAfter = again.error?.retryAfter ?? null;
    return out;
  });
  assert.equal(errors.badPhone, 'invalid_phone');
  assert.equal(errors.unknownUser, 'user_not_found');
  assert.equal(errors.firstSend, null);
  assert.equal(errors.tooSoon, 'resource_exhausted');
  // The SDK exposes the server's retry_after as AuthError.retryAfter.
  assert.ok(errors.retryAfter > 0 && errors.retryAfter <= 60, String(errors.retryAfter));
  const code = await latestCode(env, 'known@example.com');
  const wrong = code === '000000' ? '111111' : '000000';
  const tries = await page.evaluate(async (wrong) => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await window.pending.known.verifyOtp({ token: wrong })).error?.code);
    return codes;
  }, wrong);
  assert.deepEqual(tries, ['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'max_attempts_exceeded', 'max_attempts_exceeded']);

  // An expired code: a fresh send, then the clock moves past 10 minutes.
  await advanceClock(61);
  await page.evaluate(async () => {
    window.pending.late = (await auth.signInWithOtp({ email: 'known@example.com', options: { shouldCreateUser: false } })).data;
  });
  const lateCode = await latestCode(env, 'known@example.com');
  await advanceClock(601);
  const expired = await page.evaluate(async (c) => (await window.pending.late.verifyOtp({ token: c })).error?.code, lateCode);
  assert.equal(expired, 'code_expired');
  assert.deepEqual(page.errors, []);
});

test('official SDK: resetPasswordForEmail + updateUser({nonce, password}), then resetPasswordForOld', async () => {
  const env = freshEnv('otp-reset');
  await createUser({ env, email: 'reset@example.com', password: 'old-password-1' });
  const page = await sdkPage(env);
  const sent = await page.evaluate(async () => {
    const res = await auth.resetPasswordForEmail('reset@example.com');
    window.pending.reset = res.data;
    return res.error?.code ?? null;
  });
  assert.equal(sent, null);
  const [msg] = await readOutbox(env, 'reset@example.com');
  assert.equal(msg.target, 'USER');
  assert.equal(msg.usage, 'recovery');
  const reset = await page.evaluate(async (code) => summary(await window.pending.reset.updateUser({ nonce: code, password: 'new-password-2' })), msg.code);
  ok(reset, 'reset updateUser');
  assert.equal(reset.email, 'reset@example.com');

  const old = await page.evaluate(async () => {
    const res = await auth.resetPasswordForOld({ old_password: 'new-password-2', new_password: 'newer-password-3' });
    await auth.signOut();
    const wrong = await auth.signInWithPassword({ email: 'reset@example.com', password: 'new-password-2' });
    const right = await auth.signInWithPassword({ email: 'reset@example.com', password: 'newer-password-3' });
    return { old: res.error?.code ?? null, wrong: wrong.error?.code ?? null, right: summary(right) };
  });
  assert.equal(old.old, null);
  assert.equal(old.wrong, 'invalid_username_or_password');
  ok(old.right, 'sign-in with the new password');
  assert.deepEqual(page.errors, []);
});

test('official SDK: reauthenticate + updateUser({nonce, password})', async () => {
  const env = freshEnv('otp-reauth');
  await createUser({ env, email: 'reauth@example.com', password: 'password-123' });
  const page = await sdkPage(env);
  const sent = await page.evaluate(async () => {
    const signIn = await auth.signInWithPassword({ email: 'reauth@example.com', password: 'password-123' });
    const res = await auth.reauthenticate();
    window.pending.reauth = res.data;
    return { signIn: signIn.error?.code ?? null, reauth: res.error?.code ?? null };
  });
  assert.deepEqual(sent, { signIn: null, reauth: null });
  const code = await latestCode(env, 'reauth@example.com');
  const done = await page.evaluate(async (code) => summary(await window.pending.reauth.updateUser({ nonce: code, password: 'changed-password-9' })), code);
  ok(done, 'reauthenticate updateUser');
  const check = await page.evaluate(async () => {
    await auth.signOut();
    return summary(await auth.signInWithPassword({ email: 'reauth@example.com', password: 'changed-password-9' }));
  });
  ok(check, 'sign-in with the changed password');
  assert.deepEqual(page.errors, []);
});

test('official SDK: updateUser({email}) + verifyOtp changes the email; deleteUser({password})', async () => {
  const env = freshEnv('otp-email-change');
  await createUser({ env, email: 'before@example.com', password: 'password-123' });
  const page = await sdkPage(env);
  const sent = await page.evaluate(async () => {
    await auth.signInWithPassword({ email: 'before@example.com', password: 'password-123' });
    const res = await auth.updateUser({ email: 'after@example.com' });
    window.pending.change = res.data;
    return { error: res.error?.code ?? null, messageId: typeof res.data?.messageId };
  });
  assert.deepEqual(sent, { error: null, messageId: 'string' });
  const code = await latestCode(env, 'after@example.com');
  const changed = await page.evaluate(async (code) => summary(await window.pending.change.verifyOtp({ email: 'after@example.com', token: code })), code);
  ok(changed, 'email change verifyOtp');
  assert.equal(changed.email, 'after@example.com');
  const profile = await page.evaluate(async () => summary(await auth.getUser()));
  assert.equal(profile.email, 'after@example.com');

  const deleted = await page.evaluate(async () => {
    const res = await auth.deleteUser({ password: 'password-123' });
    const after = await auth.signInWithPassword({ email: 'after@example.com', password: 'password-123' });
    return { deleted: res.error?.code ?? null, signInAfter: after.error?.code ?? null };
  });
  assert.deepEqual(deleted, { deleted: null, signInAfter: 'invalid_username_or_password' });
  assert.deepEqual(page.errors, []);
});
