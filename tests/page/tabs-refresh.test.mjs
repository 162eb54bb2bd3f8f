// The proactive refresh across tabs: no app call, one tab refreshes for all; the
// `autoRefreshToken: false` switch; the visibility catch-up; backoff on 503; `invalid_grant`
// ending the session everywhere; and a server clock hours away from the device's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, freshEnv, advanceClock, emulator } from '../support/harness.mjs';
import {
  openTabs, seedUser, signIn, signedInTabs, getSession, waitForEvents, tokenRequests, fault,
} from '../support/tabs.mjs';

const h = useHarness();
const TOKEN = '/auth/v1/token';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const names = (evs) => evs.map((e) => e.event);

test('a proactive refresh happens with no app call, in one tab only; autoRefreshToken: false makes none', async () => {
  const env = freshEnv('tabs-proactive');
  const manualEnv = freshEnv('tabs-manual');
  // 31 s tokens are due at the 5 s minimum age (their local expiry is at 1 s).
  const user = await seedUser(env, 31);
  const manualUser = await seedUser(manualEnv, 31);
  const { context, tabs } = await openTabs(h, 4, env);
  const manual = await openTabs(h, 1, manualEnv, { autoRefreshToken: false });
  const { startedAt } = await signIn(tabs[0], user);
  await signIn(manual.tabs[0], manualUser);
  const all = await waitForEvents(tabs, 3, 15_000);
  const requests = await tokenRequests(env);
  assert.equal(requests.length, 1, 'one /token request for all four tabs');
  assert.deepEqual(tabs.map((p) => p.tokenPosts).sort(), [0, 0, 0, 1], 'sent by one tab');
  // Timed from the sign-in call: the token's local life starts when its response arrives, which a
  // loaded machine may report (SIGNED_IN) a hundred milliseconds later, but never before the call
  // (10 ms for timers rounded to whole milliseconds).
  const after = all[0][2].at - startedAt;
  assert.ok(after >= 4990 && after < 8000, `refreshed ${after} ms after the sign-in call (due at 5000)`);
  for (const evs of all) {
    assert.deepEqual(names(evs), ['INITIAL_SESSION', 'SIGNED_IN', 'TOKEN_REFRESHED']);
    assert.equal(evs[2].token, all[0][2].token, 'every tab sees the refreshed token');
  }
  // The tab with autoRefreshToken: false was due as long ago and made no request.
  assert.equal((await tokenRequests(manualEnv)).length, 0);
  assert.deepEqual(names(await manual.tabs[0].evaluate(() => window.events)), ['INITIAL_SESSION', 'SIGNED_IN']);
  // ... and still refreshes lazily when a call needs it.
  assert.equal((await getSession(manual.tabs[0])).error, null);
  assert.equal((await tokenRequests(manualEnv)).length, 1);
  console.log(`tabs: proactive refresh ${after} ms after the sign-in call, 1 /token request for 4 tabs; autoRefreshToken: false: 0`);
  await manual.context.close();
  await context.close();
});

test('a hidden tab lets its timer lapse and refreshes as soon as it becomes visible again', async () => {
  const env = freshEnv('tabs-hidden');
  const user = await seedUser(env, 31);
  const { context, tabs: [tab] } = await openTabs(h, 1, env);
  await tab.evaluate(() => setHidden(true));
  await signIn(tab, user);
  await sleep(6500); // past the 5 s due time
  assert.equal((await tokenRequests(env)).length, 0, 'no refresh while hidden');
  const shown = await tab.evaluate(() => { setHidden(false); return Date.now(); });
  const [evs] = await waitForEvents([tab], 3, 5000);
  assert.equal(evs[2].event, 'TOKEN_REFRESHED');
  const catchUp = evs[2].at - shown;
  assert.ok(catchUp < 1000, `caught up ${catchUp} ms after becoming visible`);
  assert.equal((await tokenRequests(env)).length, 1);
  console.log(`tabs: visibility catch-up refresh ${catchUp} ms after the tab became visible`);
  await context.close();
});

test('on 503 the proactive refresh backs off exponentially with jitter, one attempt per step for all tabs', async () => {
  const { env, context, tabs } = await signedInTabs(h, 4, 'tabs-backoff', 31);
  await fault(TOKEN, 'status', { status: 503, count: 3 });
  try {
    const all = await waitForEvents(tabs, 3, 25_000);
    const times = (await tokenRequests(env)).map((r) => r.time);
    assert.equal(times.length, 4, `three failures then one success: ${times.length} requests`);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Retry n waits between half and all of 1 s * 2^(n-1) (plus the request itself).
    for (const [i, gap] of gaps.entries()) {
      const ceiling = 1000 * 2 ** i;
      assert.ok(gap >= ceiling / 2 - 20 && gap <= ceiling + 1000, `gap ${i + 1}: ${gap} ms, expected ${ceiling / 2}..${ceiling}`);
    }
    for (const evs of all) assert.deepEqual(names(evs), ['INITIAL_SESSION', 'SIGNED_IN', 'TOKEN_REFRESHED'], 'no session lost');
    for (const page of tabs) assert.ok((await getSession(page)).token);
    console.log(`tabs: backoff after 503: gaps ${gaps.join(', ')} ms between the 4 /token requests of 4 tabs`);
  } finally {
    await emulator('DELETE', '/_emulator/faults');
  }
  await context.close();
});

test('invalid_grant ends the session with exactly one SIGNED_OUT in every tab', async () => {
  const { env, context, tabs } = await signedInTabs(h, 4, 'tabs-revoked', 31);
  await waitForEvents(tabs, 2);
  // Another client rotates the tabs' refresh token; past the reuse window, the tabs' copy is
  // a stolen token to the server, which revokes the whole family: invalid_grant.
  const stored = JSON.parse(await tabs[0].evaluate((env) => localStorage.getItem(`credentials_${env}`), env));
  await emulator('POST', `/auth/v1/token?client_id=${env}`, { grant_type: 'refresh_token', refresh_token: stored.refresh_token, client_id: env });
  await advanceClock(11);
  const all = await waitForEvents(tabs, 3, 15_000); // the proactive refresh, 5 s after sign-in
  await sleep(1000);
  for (const [i, evs] of (await waitForEvents(tabs, 3)).entries()) {
    assert.deepEqual(names(evs), ['INITIAL_SESSION', 'SIGNED_IN', 'SIGNED_OUT'], `tab ${i + 1}`);
    assert.equal(all[i][2].token, null);
  }
  for (const page of tabs) assert.deepEqual(await getSession(page).then(({ token, error }) => ({ token, error })), { token: null, error: null });
  assert.equal((await tokenRequests(env)).length, 2, "the other client's refresh and one from the tabs");
  await context.close();
});

test('clock skew: with the server hours ahead of or behind the device, the refresh comes at the local expiry', async () => {
  for (const skew of [3 * 3600, -3 * 3600]) {
    const env = freshEnv('tabs-skew');
    // 37 s tokens expire locally 7 s after they arrive, whatever their `exp` claim says.
    const user = await seedUser(env, 37);
    const { context, tabs } = await openTabs(h, 2, env);
    await advanceClock(skew);
    try {
      const { startedAt } = await signIn(tabs[0], user);
      const all = await waitForEvents(tabs, 3, 15_000);
      const after = all[0][2].at - startedAt; // from the call, as in the proactive-refresh test
      assert.equal(all[0][2].event, 'TOKEN_REFRESHED');
      assert.ok(after >= 6990 && after < 10_000, `server ${skew > 0 ? 'ahead' : 'behind'} by 3 h: refreshed ${after} ms after the sign-in call (due at 7000)`);
      assert.equal((await tokenRequests(env)).length, 1);
      // The refreshed token is accepted by the server.
      assert.equal((await tabs[1].evaluate(() => window.auth.getUser())).error, null);
      console.log(`tabs: server clock ${skew > 0 ? '+' : ''}${skew / 3600} h: refresh ${after} ms after the sign-in call (due 7000 ms)`);
    } finally {
      await advanceClock(-skew);
    }
    await context.close();
  }
});
