// The entry's own shapes, checked by `tsc` in `make test` against pkg/index.d.ts: `app.auth(config)` as
// in the official typings, the init error, and subscriptions returned before the .wasm has loaded.
import cloudbase, { type InitError, type StorageAdapter } from '../../pkg/index.js';

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

// A storage adapter per user on a server: synchronous (a Map) or asynchronous (a database), in `init` or in
// `app.auth(config)`.
const sessions = new Map<string, string>();
const mapAdapter: StorageAdapter = {
  getItem: (key) => sessions.get(key) ?? null,
  setItem: (key, value) => void sessions.set(key, value),
  removeItem: (key) => void sessions.delete(key),
};
declare const db: { get(k: string): Promise<string | undefined>; put(k: string, v: string): Promise<void>; del(k: string): Promise<void> };
const dbAdapter: StorageAdapter = { getItem: (k) => db.get(k), setItem: (k, v) => db.put(k, v), removeItem: (k) => db.del(k) };
export const perRequest = [
  cloudbase.init({ env: 'your-env-id', storage: mapAdapter }).auth,
  cloudbase.init({ env: 'your-env-id' }).auth({ storage: dbAdapter }),
];
// @ts-expect-error: not an adapter
cloudbase.init({ env: 'your-env-id', storage: { getItem: 1 } });
