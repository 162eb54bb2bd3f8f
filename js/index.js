// cloudbase-auth-wasm: the official SDK's shape around the wasm core.
// Shape and forwarding only; behaviour lives in Rust (src/js/mod.rs).
import initWasm, * as wasm from './cloudbase_auth_wasm.js';

await initWasm({ module_or_path: new URL('cloudbase_auth_wasm_bg.wasm', import.meta.url) });

/** Error returned in `{ error }` by every auth method. */
export class AuthError extends Error {
  constructor(fields = {}) {
    super(fields.message || '');
    this.name = 'AuthError';
    this.code = fields.code || 'unknown';
    this.status = fields.status;
    this.errorCode = fields.errorCode;
    this.requestId = fields.requestId;
    this.category = fields.category || 'UNKNOWN';
    if (fields.retryAfter !== undefined) this.retryAfter = fields.retryAfter;
    Object.defineProperty(this, '__isAuthError', { value: true });
  }
  toJSON() {
    const { name, message, code, status, errorCode, requestId, category, retryAfter } = this;
    return { name, message, code, status, errorCode, requestId, category, retryAfter };
  }
}

/** True for errors produced by this package (or the official SDK). */
export function isAuthError(e) {
  return !!e && typeof e === 'object' && (e instanceof AuthError || e.__isAuthError === true);
}

/**
 * Numeric `error_code` values, as the official SDK's `AuthErrorCode` enum (a TypeScript numeric
 * enum, so it maps names to numbers and numbers back to names).
 */
export const AuthErrorCode = numericEnum({
  INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9,
  ABORTED: 10, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16,
  CAPTCHA_REQUIRED: 4001, CAPTCHA_INVALID: 4002, PROVIDER_ERROR: 4019, UNAUTHORIZED_CLIENT: 4022,
  MFA_PHONE_REQUIRED: 4042, LOGIN_TYPE_DISABLED: 4045,
});

/** Values of `AuthError.category`, as the official SDK's `AuthErrorCategory` enum. */
export const AuthErrorCategory = Object.freeze(Object.fromEntries([
  'PROVIDER_NOT_ENABLED', 'INVALID_CREDENTIALS', 'USER_NOT_FOUND', 'USER_STATUS_ABNORMAL', 'SERVICE_ERROR',
  'INVALID_PARAMS', 'AUTH_METHOD_MISMATCH', 'RATE_LIMITED', 'CAPTCHA_REQUIRED', 'CAPTCHA_INVALID',
  'MFA_REQUIRED', 'PRECONDITION_FAILED', 'VERIFICATION_FAILED', 'UNKNOWN',
].map((c) => [c, c])));

function numericEnum(byName) {
  const e = { ...byName };
  for (const [name, value] of Object.entries(byName)) e[value] = name;
  return Object.freeze(e);
}

wasm.setErrorFactory((o) => new AuthError(o));

// The v3 auth API (spec §2). A name the wasm core implements is forwarded as it is;
// the others resolve to an `unimplemented` error. Implementing one in Rust (a file in
// src/auth/ plus its binding in src/js/) makes it live here with no change to this file.
const METHODS = [
  // Authentication Login
  'signUp', 'signInAnonymously', 'signInWithPassword', 'signInWithOtp', 'signInWithOAuth',
  'signInWithIdToken', 'signInWithCustomTicket', 'signInWithOpenId', 'signInWithPhoneAuth',
  // Session Management
  'getSession', 'refreshSession', 'setSession', 'signOut', 'onAuthStateChange',
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

function makeAuth(core) {
  // `app.auth` is both callable (`app.auth()` returns itself) and the object with the methods.
  const auth = function () {
    return auth;
  };
  for (const name of METHODS) {
    auth[name] = typeof core[name] === 'function'
      ? (...args) => core[name](...args)
      : () => wasm.AuthCore.notImplemented(name);
  }
  return auth;
}

function init(config) {
  if (!config || !config.env) {
    throw { code: 'INVALID_PARAMS', msg: 'env must not be specified' };
  }
  const core = new wasm.AuthCore(config);
  const auth = makeAuth(core);
  return {
    config,
    auth,
    registerEndPointWithKey({ key, url, protocol } = {}) {
      // Auth calls go through the GATEWAY endpoint only.
      if ((key || 'GATEWAY') === 'GATEWAY' && url) core.setEndpoint(url, protocol || '');
    },
    registerHost(host, protocol = 'http') {
      core.setEndpoint('//' + String(host).replace(/^(https?:)?\/\//, ''), protocol);
    },
  };
}

const cloudbase = { init };
export default cloudbase;
