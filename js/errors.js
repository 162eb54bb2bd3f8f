// Error values of the package: `AuthError` (in every `{ error }`), the official enums, and the
// `cloudbase.init` error. The wasm core builds its errors through `coreError` (src/js/mod.rs).

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

/**
 * The `AuthError` of the wasm core's plain error object (src/js/mod.rs, `error_to_js`), whose
 * `category` is the category's number: its place in `CATEGORIES`.
 */
export function coreError(fields) {
  fields.category = CATEGORIES[fields.category];
  return new AuthError(fields);
}

/** The `invalid_argument` error the entry itself reports (the core builds its own in Rust). */
export function invalidArgument(message) {
  return new AuthError({ code: 'invalid_argument', category: 'INVALID_PARAMS', message });
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
// In the order of `Category` in src/error_category.rs, whose test reads this list.
const CATEGORIES = [
  'PROVIDER_NOT_ENABLED', 'INVALID_CREDENTIALS', 'USER_NOT_FOUND', 'USER_STATUS_ABNORMAL', 'SERVICE_ERROR',
  'INVALID_PARAMS', 'AUTH_METHOD_MISMATCH', 'RATE_LIMITED', 'CAPTCHA_REQUIRED', 'CAPTCHA_INVALID',
  'MFA_REQUIRED', 'PRECONDITION_FAILED', 'VERIFICATION_FAILED', 'UNKNOWN',
];
export const AuthErrorCategory = Object.freeze(Object.fromEntries(CATEGORIES.map((c) => [c, c])));

function numericEnum(byName) {
  const e = { ...byName };
  for (const [name, value] of Object.entries(byName)) e[value] = name;
  return Object.freeze(e);
}

/**
 * The error `cloudbase.init` throws, as the official SDK does: an `Error` whose message is
 * `JSON.stringify({ code, msg })`; `code` and `msg` are also properties.
 */
export function initError(code, msg) {
  return Object.assign(new Error(JSON.stringify({ code, msg })), { code, msg });
}

/** `AuthError.code` when the WebAssembly module could not be fetched or instantiated. */
export const WASM_LOAD_FAILED = 'wasm_load_failed';

/** `AuthError.code` when an app-supplied `storage` adapter failed to read or write (storage.js). */
export const STORAGE_FAILED = 'storage_failed';
