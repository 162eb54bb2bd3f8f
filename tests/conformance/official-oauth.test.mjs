// The official @cloudbase/js-sdk@3.7.0 in headless Chromium through the emulator's fake OAuth
// provider (signInWithOAuth → authorize page → verifyOAuth; linkIdentity / getUserIdentities /
// unlinkIdentity), custom tickets (signInWithCustomTicket), provider tokens (signInWithIdToken), and
// the captcha challenge the SDK shows after repeated failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, EMULATOR_URL, freshEnv, emulator, createUser, servedRequests } from '../support/harness.mjs';

const h = useHarness();

// Page-side helper, stringified into every evaluate: the official SDK pointed at the emulator.
const INIT = `
  const mod = await import('/sdk/cloudbase-official.js');
  const app = mod.default.init({ env, region: 'ap-shanghai' });
  app.registerEndPointWithKey({ key: 'GATEWAY', url: emu.replace(/^http:/, '') + '/v1', protocol: 'http' });
  const auth = app.auth;
`;

// Runs `body` (async JS using `auth`) in the page after INIT; returns its value.
function inPage(page, env, body) {
  // eslint-disable-next-line no-new-func
  return page.evaluate(({ env, emu, src }) => (new Function('env', 'emu', `return (async () => { ${src} })()`))(env, emu),
    { env, emu: EMULATOR_URL, src: INIT + body });
}

// Starts an OAuth redirect in the page and waits until the provider sent it back with a code.
async function redirectThroughProvider(page, env, call) {
  // The page navigates away during the call, which may destroy the evaluation context.
  await inPage(page, env, `${call}; await new Promise(() => {});`).catch(() => {});
  await page.waitForURL(/[?&]code=/, { timeout: 15000 });
  return new URL(page.url());
}

test('official SDK: signInWithOAuth through the fake provider, then verifyOAuth signs in', async () => {
  const env = freshEnv('oauth');
  const page = await h.newPage();
  const back = await redirectThroughProvider(page, env,
    `await auth.signInWithOAuth({ provider: 'github', options: { queryParams: { auto_approve: '1', login_hint: 'octo' } } })`);
  assert.equal(back.origin, h.baseUrl);
  assert.equal(back.pathname, '/blank.html');
  assert.match(back.searchParams.get('state'), /^prd-github-/);
  const result = await inPage(page, env, `
    const v = await auth.verifyOAuth();
    const ids = await auth.getUserIdentities();
    return {
      error: v.error?.message ?? null,
      type: v.data?.type,
      name: v.data?.user?.user_metadata?.name,
      hasToken: !!v.data?.session?.access_token,
      identities: ids.error ? ids.error.message : ids.data.identities.map((i) => [i.id, i.provider_user_name]),
      search: location.search,
    };`);
  assert.deepEqual(result, { error: null, type: 'sign_in', name: 'octo', hasToken: true, identities: [['github', 'octo']], search: '' });
  assert.deepEqual(page.errors, []);
});

test('official SDK: signInWithOAuth with a person clicking an account on the chooser page', async () => {
  const env = freshEnv('chooser');
  const page = await h.newPage();
  await inPage(page, env, `await auth.signInWithOAuth({ provider: 'google' }); await new Promise(() => {});`).catch(() => {});
  await page.waitForURL(/\/_emulator\/oauth\/google\/authorize\?/);
  assert.equal(await page.textContent('h1'), 'Sign in with Google');
  await page.getByRole('link', { name: /Continue as Bob Builder/ }).click();
  await page.waitForURL(/[?&]code=/);
  const result = await inPage(page, env, `
    const v = await auth.verifyOAuth();
    return { error: v.error?.message ?? null, name: v.data?.user?.user_metadata?.name };`);
  assert.deepEqual(result, { error: null, name: 'Bob Builder' });
  assert.deepEqual(page.errors, []);
});

test('official SDK: linkIdentity binds, getUserIdentities lists it, unlinkIdentity removes it', async () => {
  const env = freshEnv('link');
  await createUser({ env, email: 'link@example.com', password: 'link-password-1' });
  // linkIdentity cannot pass queryParams: approve at once through the env's configuration.
  await emulator('PATCH', `/_emulator/config?env=${env}`, { oauth_auto_approve: true });
  const page = await h.newPage();
  const signedIn = await inPage(page, env, `
    const r = await auth.signInWithPassword({ email: 'link@example.com', password: 'link-password-1' });
    return r.error?.message ?? null;`);
  assert.equal(signedIn, null);
  await redirectThroughProvider(page, env, `await auth.linkIdentity({ provider: 'google' })`);
  const result = await inPage(page, env, `
    const v = await auth.verifyOAuth();
    const before = await auth.getUserIdentities();
    const unlink = await auth.unlinkIdentity({ provider: 'google' });
    const after = await auth.getUserIdentities();
    const user = await auth.getUser();
    return {
      verify: { error: v.error?.message ?? null, type: v.data?.type, provider: v.data?.provider },
      before: before.error ? before.error.message : before.data.identities.map((i) => [i.id, i.provider_user_name]),
      unlink: unlink.error?.message ?? null,
      after: after.error ? after.error.message : after.data.identities.map((i) => i.id),
      email: user.data?.user?.email,
    };`);
  assert.deepEqual(result, {
    verify: { error: null, type: 'bind_identity', provider: 'google' },
    before: [['google', 'Alice Liddell']],
    unlink: null,
    after: [],
    email: 'link@example.com',
  });
  assert.deepEqual(page.errors, []);
});

test('official SDK: signInWithCustomTicket with a ticket from /_emulator/tickets', async () => {
  const env = freshEnv('ticket');
  const { ticket } = await emulator('POST', '/_emulator/tickets', { env, user_id: 'ext-user-7' });
  const page = await h.newPage();
  const result = await inPage(page, env, `
    const r = await auth.signInWithCustomTicket(() => Promise.resolve(${JSON.stringify(ticket)}));
    const again = await auth.signInWithCustomTicket(() => Promise.resolve(${JSON.stringify(ticket)}));
    return { error: r.error?.message ?? null, id: r.data?.user?.id, reused: again.error?.code ?? null };`);
  assert.deepEqual(result, { error: null, id: 'ext-user-7', reused: 'invalid_grant' });
  assert.deepEqual(page.errors, []);
});

test('official SDK: signInWithIdToken with a provider token of the fake provider', async () => {
  const env = freshEnv('idtoken');
  const redirect = 'http://127.0.0.1:1/cb';
  const q = new URLSearchParams({ provider_id: 'wechat', state: 's1', redirect_uri: redirect, client_id: env });
  const { uri } = await emulator('GET', `/auth/v1/provider/uri?${q}`);
  const authorize = new URL(decodeURIComponent(uri));
  authorize.searchParams.set('auto_approve', '1');
  authorize.searchParams.set('login_hint', 'wendy');
  const res = await fetch(authorize, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const code = new URL(res.headers.get('location')).searchParams.get('code');
  const { provider_token: token } = await emulator('POST', `/auth/v1/provider/token?client_id=${env}`,
    { provider_id: 'wechat', provider_redirect_uri: redirect, provider_code: code });
  const page = await h.newPage();
  const result = await inPage(page, env, `
    const r = await auth.signInWithIdToken({ token: ${JSON.stringify(token)} });
    return { error: r.error?.message ?? null, name: r.data?.user?.user_metadata?.name, provider: r.data?.user?.identities?.[0]?.provider };`);
  assert.deepEqual(result, { error: null, name: 'wendy', provider: 'wechat' });
  assert.deepEqual(page.errors, []);
});

test('official SDK: captcha_required → the SDK\'s captcha dialog → verify → the sign-in retried with captcha_token succeeds', async () => {
  const env = freshEnv('captcha');
  await createUser({ env, username: 'cap', password: 'cap-password-1' });
  await emulator('PATCH', `/_emulator/config?env=${env}`, { captcha: { enabled: true, threshold: 1 } });
  const page = await h.newPage();
  const failed = await inPage(page, env, `
    const r = await auth.signInWithPassword({ username: 'cap', password: 'wrong-password' });
    // Started, not awaited: it waits for the captcha dialog.
    window.__signIn = auth.signInWithPassword({ username: 'cap', password: 'cap-password-1' });
    return r.error?.code ?? null;`);
  assert.equal(failed, 'invalid_username_or_password');
  // The SDK fetched a captcha and shows it; read the answer through the emulator-only API.
  await page.waitForSelector('#captcha-image');
  const { captchas } = await emulator('GET', `/_emulator/captcha?env=${env}`);
  assert.equal(captchas.length, 1);
  const image = await page.getAttribute('#captcha-image', 'src');
  assert.match(image, /^data:image\/svg\+xml;base64,/);
  await page.fill('input[placeholder="输入字符"]', captchas[0].answer);
  await page.click('button:has-text("确定")');
  const result = await inPage(page, env, `
    const r = await window.__signIn;
    return { error: r.error?.message ?? null, username: r.data?.user?.user_metadata?.username };`);
  assert.deepEqual(result, { error: null, username: 'cap' });
  const signins = await servedRequests(env, '/auth/v1/signin');
  assert.equal(signins.length, 3);
  assert.match(signins[2].query, /captcha_token=/);
});
