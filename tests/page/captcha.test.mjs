// Captcha challenge (spec §3.4) in a real page: the built-in accessible dialog (no handler
// configured), answered by typing what the emulator says the image shows, or cancelled;
// and the `auth.captcha` handler option of cloudbase.init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, emulator, createUser, servedRequests } from '../support/harness.mjs';

const h = useHarness();

/** A page with the package inited for `env`, captcha required after one failed sign-in. */
async function captchaPage(env, init = {}) {
  await createUser({ env, username: 'cap_user', password: 'Cap-pass-123' });
  const r = await emulator('PATCH', `/_emulator/config?env=${env}`, { captcha: { enabled: true, threshold: 1 } });
  assert.equal(r.error, undefined, JSON.stringify(r));
  const page = await h.newPage();
  await page.evaluate(async ({ env, emu, withHandler }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    const auth = {};
    if (withHandler) {
      // The app's handler: here it reads the answer from the emulator (a person would read the image).
      auth.captcha = async ({ image, token, state }) => {
        window.__challenges = (window.__challenges || []).concat([{ image: image.slice(0, 11), state }]);
        const r = await fetch(`${emu}/_emulator/captcha?env=${env}&token=${encodeURIComponent(token)}`);
        return (await r.json()).captchas[0].answer;
      };
    }
    const app = cloudbase.init({ env, auth });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
    window.app = app;
    // The first failure arms the captcha for this device.
    const first = await app.auth.signInWithPassword({ username: 'cap_user', password: 'wrong-pass-1' });
    window.__first = first.error?.code;
  }, { env, emu: EMULATOR_URL, ...init });
  assert.equal(await page.evaluate(() => window.__first), 'invalid_username_or_password');
  return page;
}

async function latestAnswer(env) {
  const { captchas } = await emulator('GET', `/_emulator/captcha?env=${env}`);
  return captchas[captchas.length - 1].answer;
}

test('without a handler an accessible dialog asks for the characters; the request is retried with the token', async () => {
  const env = freshEnv('captcha-modal');
  const page = await captchaPage(env);
  await page.evaluate(() => {
    window.__p = window.app.auth.signInWithPassword({ username: 'cap_user', password: 'Cap-pass-123' });
  });
  const dialog = page.getByRole('dialog', { name: 'Enter the characters shown in the image' });
  await dialog.waitFor();
  const img = dialog.getByRole('img');
  assert.match(await img.getAttribute('alt'), /captcha/i);
  assert.match(await img.getAttribute('src'), /^data:image\//);
  const input = dialog.getByLabel('Characters');
  assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'focus moves into the dialog');
  await input.fill(await latestAnswer(env));
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const r = await page.evaluate(async () => {
    const v = await window.__p;
    return { error: v.error?.code ?? null, user: v.data.user?.user_metadata?.username ?? null, dialogs: document.querySelectorAll('dialog').length };
  });
  assert.deepEqual(r, { error: null, user: 'cap_user', dialogs: 0 });
  const signins = await servedRequests(env, '/auth/v1/signin');
  assert.match(signins[signins.length - 1].query, /captcha_token=/);
  assert.equal((await servedRequests(env, '/auth/v1/captcha/data/verify')).length, 1);
  const stored = await page.evaluate((env) => JSON.parse(localStorage.getItem(`captcha_${env}`)), env);
  assert.equal(typeof stored.captcha_token, 'string');
  assert.equal(typeof stored.expires_in, 'number');
  assert.ok(Date.parse(stored.expires_at) > Date.now());
  assert.deepEqual(page.errors, []);
});

test('cancelling the dialog resolves to captcha_required (no exception)', async () => {
  const env = freshEnv('captcha-cancel');
  const page = await captchaPage(env);
  await page.evaluate(() => {
    window.__p = window.app.auth.signInWithPassword({ username: 'cap_user', password: 'Cap-pass-123' });
  });
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const r = await page.evaluate(async () => {
    const v = await window.__p;
    return { code: v.error?.code, message: v.error?.message, session: v.data.session, dialogs: document.querySelectorAll('dialog').length };
  });
  assert.equal(r.code, 'captcha_required');
  assert.match(r.message, /not answered/);
  assert.equal(r.session, null);
  assert.equal(r.dialogs, 0);
  assert.equal((await servedRequests(env, '/auth/v1/captcha/data/verify')).length, 0);
});

test('cloudbase.init({auth: {captcha}}) handler answers instead of the dialog', async () => {
  const env = freshEnv('captcha-handler');
  const page = await captchaPage(env, { withHandler: true });
  const r = await page.evaluate(async () => {
    const v = await window.app.auth.signInWithPassword({ username: 'cap_user', password: 'Cap-pass-123' });
    return { error: v.error?.code ?? null, challenges: window.__challenges, dialogs: document.querySelectorAll('dialog').length };
  });
  assert.equal(r.error, null);
  assert.deepEqual(r.challenges, [{ image: 'data:image/', state: 'POST:/v1/signin' }]);
  assert.equal(r.dialogs, 0);
});
