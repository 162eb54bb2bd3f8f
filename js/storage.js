// An app-supplied `storage` adapter (`cloudbase.init({ env, storage })` or `app.auth({ storage })`, as in the
// official SDK): `getItem` / `setItem` / `removeItem`, each synchronous or returning a Promise. The wasm core's
// storage is synchronous, so the core gets a cache instead: filled from the adapter before the core is
// created (for the keys the core names, `AuthCore.storageKeys`), read synchronously, written at once; every
// write is then passed on to the adapter, in order. Each method of `app.auth` resolves only once the writes
// made so far have reached the adapter (auth.js), so after `await auth.signInWithPassword(...)` the adapter
// holds the session.
import { AuthError, STORAGE_FAILED, invalidArgument } from './errors.js';

/**
 * Reads `keys` from `adapter`; resolves to the cache the core uses as its store, with `settle()`: resolves
 * once every write made so far has reached the adapter, to the first adapter failure since the previous
 * `settle()` (an `AuthError` with code `storage_failed`) or null. A failing adapter never loses the
 * session (the cache keeps it for this app); each failure is also logged with `console.error`.
 * Resolves to an `invalid_argument` error when `adapter` lacks one of the three functions.
 */
export async function adapterCache(adapter, keys) {
  if (!['getItem', 'setItem', 'removeItem'].every((op) => typeof adapter[op] == 'function')) {
    return invalidArgument('storage must have getItem, setItem and removeItem functions');
  }
  const values = new Map();
  const failures = [];
  let written = Promise.resolve();
  // One adapter call after the writes so far; inside `then`, so a synchronous throw is caught like a
  // rejection. A failure resolves to undefined.
  const call = (op, key, value) => written.then(() => adapter[op](key, value)).catch((cause) => {
    const error = new AuthError({ code: STORAGE_FAILED, message: `storage.${op}("${key}") failed: ${cause?.message ?? cause}; the session is kept in memory` });
    console.error('cloudbase-auth-wasm:', error.message);
    failures.push(error);
  });
  await Promise.all(keys.map((key) => call('getItem', key).then((v) => v == null || values.set(key, String(v)))));
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem(key, value) {
      values.set(key, value);
      written = call('setItem', key, value);
    },
    removeItem(key) {
      values.delete(key);
      written = call('removeItem', key);
    },
    settle: () => written.then(() => failures.splice(0)[0] ?? null),
  };
}
