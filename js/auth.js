// `app.auth`: a callable object carrying every method of the official API. Each method forwards to the
// wasm core (src/js/) as soon as it exists; before that (the .wasm still loading) the call waits for it,
// so a first call simply resolves later. Shape and forwarding only; behaviour lives in Rust.
import { invalidArgument } from './errors.js';
import { suggestOnUnknown } from './suggest.js';

// The v3 auth API (spec §2). Each is forwarded to the core's one entry, `AuthCore.call` (src/js/mod.rs),
// by its number in `CALLS` below.
export const METHODS = [
  // Authentication Login
  'signUp', 'signInAnonymously', 'signInWithPassword', 'signInWithOtp', 'signInWithOAuth',
  'signInWithIdToken', 'signInWithCustomTicket', 'signInWithOpenId', 'signInWithPhoneAuth',
  // Session Management
  'getSession', 'refreshSession', 'setSession', 'signOut',
  // User Management
  'getUser', 'refreshUser', 'updateUser', 'deleteUser',
  // Identity Source Management
  'getUserIdentities', 'linkIdentity', 'unlinkIdentity',
  // Password Management
  'resetPasswordForEmail', 'resetPasswordForOld', 'reauthenticate',
  // Verification Management
  'verifyOtp', 'resend', 'verifyOAuth',
  // Other Tools
  'getClaims', 'toDefaultLoginPage', 'exchangeCodeForSession',
];

// The v2 helpers apps still call (spec §2.8; behaviour in src/js/legacy.rs). Unlike the v3
// methods they reject on error, as in the official SDK.
const V2_METHODS = ['getLoginState', 'getCurrentUser', 'getAccessToken', 'signInWithEmailAndPassword', 'onLoginStateChanged'];

// Everything `AuthCore.call(n, a, b)` answers, `n` being the position here (src/js/calls.rs numbers them in
// the same order; its test reads these three lists).
const CALLS = [...METHODS, ...V2_METHODS, 'onAuthStateChange', 'unsubscribe', 'hasLoginState', 'setEndpoint'];

/** `core`'s call `name` with `args`. */
export function callCore(core, name, ...args) {
  return core.call(CALLS.indexOf(name), ...args);
}

/**
 * Builds `app.auth` over `slot` (slot.js: the core once created). `configure(cfg)` receives the
 * argument of `app.auth(cfg)`.
 */
export function makeAuth(slot, configure) {
  const auth = function (cfg) {
    if (cfg !== undefined) configure(cfg);
    return proxy;
  };
  for (const name of METHODS) auth[name] = (...args) => forward(slot, name, args);
  auth.onAuthStateChange = (callback) => subscribe(slot, callback);
  for (const name of V2_METHODS) auth[name] = (...args) => forwardThrowing(slot, name, args);
  // `anonymousAuthProvider().signIn()`: `signInAnonymously()` resolving to `undefined`, errors included, as
  // the official SDK (whose `signInAnonymously` does not throw). Not a v2 helper of the core's own: 111 B gzip less (`make size`).
  auth.anonymousAuthProvider = () => ({ signIn: () => forwardThrowing(slot, 'signInAnonymously', []).then(() => {}) });
  // Synchronous, like the official ones: before the .wasm has loaded they see no session.
  auth.hasLoginState = () => (slot.core ? callCore(slot.core, 'hasLoginState') : null);
  Object.defineProperty(auth, 'currentUser', { enumerable: true, get: () => auth.hasLoginState()?.user ?? null });
  const proxy = new Proxy(auth, { get: suggestOnUnknown('auth') });
  return proxy;
}

function forward(slot, name, args) {
  if (slot.core) return settled(slot, call(slot.core, name, args));
  return new Promise((resolve) => slot.use((core) => resolve(settled(slot, call(core, name, args))), (error) => resolve({ data: null, error })));
}

function forwardThrowing(slot, name, args) {
  return new Promise((resolve, reject) => slot.use((core) => resolve(settled(slot, callCore(core, name, ...args))), reject));
}

/**
 * With an app-supplied storage adapter (storage.js), a method's result once its writes have reached the
 * adapter; a write the adapter failed becomes the `error` of a `{ data, error }` result that has none
 * (the v2 helpers' results have no `error`: logged only). Without an adapter, the result itself.
 */
function settled(slot, result) {
  return slot.settle
    ? Promise.resolve(result).then((r) => slot.settle().then((failure) => (failure && r && 'error' in r && !r.error ? { ...r, error: failure } : r)))
    : result;
}

function call(core, name, args) {
  try {
    return callCore(core, name, ...args);
  } catch (e) {
    // An argument whose property getter throws (a Proxy, an accessor) stops the core's read of it;
    // the method still answers `{ data, error }` rather than throwing.
    return Promise.resolve({ data: null, error: invalidArgument(`${name}: its argument could not be read (${e && e.message})`) });
  }
}

/**
 * `onAuthStateChange` is synchronous: `{ data: { subscription: { id, callback, unsubscribe } } }` around the
 * core's subscription id. Before the core exists the subscription is returned at once and attached when the
 * core is created (its `id` is filled in then); `unsubscribe()` works in both states. Built here rather than
 * in Rust: 102 B gzip less (`make size`).
 */
function subscribe(slot, callback) {
  if (typeof callback !== 'function') return { data: { subscription: null }, error: invalidArgument('callback must be a function') };
  let core = null;
  let cancelled = false;
  const subscription = {
    id: '',
    callback,
    unsubscribe() {
      cancelled = true;
      if (core) callCore(core, 'unsubscribe', +subscription.id);
    },
  };
  const attach = (c) => {
    if (cancelled) return;
    subscription.id = String(callCore(c, 'onAuthStateChange', callback));
    core = c;
  };
  if (slot.core) attach(slot.core);
  else slot.use(attach, () => {});
  return { data: { subscription } };
}
