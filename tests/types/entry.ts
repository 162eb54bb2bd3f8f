// The entry's own shapes, checked by `tsc` in `make test` against pkg/index.d.ts: `app.auth(config)` as
// in the official typings, the init error, and subscriptions returned before the .wasm has loaded.
import cloudbase, { type InitError } from '../../pkg/index.js';

const app = cloudbase.init({ env: 'your-env-id' });
const auth = app.auth({ persistence: 'local' });
const same: typeof auth = app.auth();

export async function firstCall(): Promise<string | null> {
  const { data: { subscription } } = same.onAuthStateChange(() => {});
  subscription.unsubscribe();
  const { data, error } = await auth.getSession();
  return error ? error.code : (data.session?.user.id ?? null);
}

export function initError(): string | undefined {
  try {
    cloudbase.init({ env: '' });
  } catch (e) {
    return (e as InitError).code;
  }
  return undefined;
}

// The v2 helpers of spec §2.8, as existing apps call them.
export async function v2(): Promise<string | undefined> {
  const state = await auth.signInWithEmailAndPassword('a@example.com', 'password-1');
  const { accessToken } = await auth.getAccessToken();
  await auth.onLoginStateChanged((s) => console.log(s?.user?.uid));
  await auth.anonymousAuthProvider().signIn();
  const current = await auth.getCurrentUser();
  return auth.hasLoginState() && auth.currentUser ? state.user.uid ?? accessToken : (current?.email ?? undefined);
}
