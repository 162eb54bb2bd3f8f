// Type declarations for cloudbase-auth-wasm (hand-written; match js/index.js).

export type Persistence = 'local' | 'session' | 'none';

/**
 * An app-supplied store (the official SDK's `storage` option): replaces localStorage (in Node and workers:
 * memory) for everything one app keeps: session, profile cache, device id, language, captcha token. Each
 * function returns its result or a Promise of it. The app reads its keys before its first method runs;
 * each method resolves once the writes it made have reached the adapter. A failing write is returned as
 * the method's `error` (code `storage_failed`) and the session is kept in memory.
 */
export interface StorageAdapter {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
}

export interface InitConfig {
  /** Environment id (required). */
  env: string;
  region?: string;
  /** Publishable key, sent as Bearer while nobody is signed in. */
  accessKey?: string;
  /** OAuth client id; defaults to `env`. */
  clientId?: string;
  /** Where the session is kept; default `'local'`. */
  persistence?: Persistence;
  /** Keep the session in the app's own store instead (overrides `persistence`); see `StorageAdapter`. */
  storage?: StorageAdapter;
  /** `Accept-Language`; default `'zh-CN'`. */
  lang?: 'zh-CN' | 'en-US' | string;
  auth?: {
    /**
     * Complete an OAuth redirect found in the URL (`?code&state`) during `init`; every
     * session read waits for it. The `state` must have been issued by this tab.
     */
    detectSessionInUrl?: boolean;
    /**
     * Refresh the session in the background at its local expiry, in one visible tab for all
     * tabs (default `true`). With `false`, expired tokens are refreshed only when a call needs them.
     */
    autoRefreshToken?: boolean;
    /**
     * Answers captcha challenges (spec §3.4): shows `image` (a data URL) and resolves to
     * the characters typed, or `null` to cancel. Without it a minimal accessible
     * `<dialog>` is shown.
     */
    captcha?: CaptchaHandler;
    /** The official SDK's option; used when `captcha` is not given. */
    captchaOptions?: CaptchaOptions;
  };
  /** The official SDK's option (also accepted inside `auth`). */
  captchaOptions?: CaptchaOptions;
  [key: string]: unknown;
}

export type CaptchaHandler = (challenge: {
  /** `data:image/...` URL of the captcha image. */
  image: string;
  /** Captcha token the answer is verified against. */
  token: string;
  /** `"METHOD:/v1/path"` of the request that asked for it. */
  state: string;
}) => string | null | undefined | Promise<string | null | undefined>;

export interface CaptchaOptions {
  /** Opens `{image}?state=&token=` and resolves to a verified captcha token (the app verifies). */
  openURIWithCallback?: (url: string) => Promise<{ captcha_token: string; expires_in: number }>;
}

/** `AuthError.code`: the lower-cased server `error` string, or a client-side code. */
export type AuthErrorCodeString =
  | 'unknown'
  | 'unreachable'
  | 'invalid_argument'
  | 'invalid_phone'
  | 'unauthenticated'
  | 'invalid_grant'
  | 'invalid_username_or_password'
  | 'unimplemented'
  /** The `.wasm` could not be fetched or instantiated (every method then resolves to this error). */
  | 'wasm_load_failed'
  | (string & {});

/** Numeric `error_code` values (the official SDK's `AuthErrorCode` enum, with its reverse mapping). */
export declare enum AuthErrorCode {
  INVALID_ARGUMENT = 3,
  NOT_FOUND = 5,
  PERMISSION_DENIED = 7,
  RESOURCE_EXHAUSTED = 8,
  FAILED_PRECONDITION = 9,
  ABORTED = 10,
  UNIMPLEMENTED = 12,
  INTERNAL = 13,
  UNAVAILABLE = 14,
  UNAUTHENTICATED = 16,
  CAPTCHA_REQUIRED = 4001,
  CAPTCHA_INVALID = 4002,
  PROVIDER_ERROR = 4019,
  UNAUTHORIZED_CLIENT = 4022,
  MFA_PHONE_REQUIRED = 4042,
  LOGIN_TYPE_DISABLED = 4045,
}

/** Values of `AuthError.category` (the official SDK's `AuthErrorCategory` enum). */
export declare enum AuthErrorCategory {
  PROVIDER_NOT_ENABLED = 'PROVIDER_NOT_ENABLED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  USER_STATUS_ABNORMAL = 'USER_STATUS_ABNORMAL',
  SERVICE_ERROR = 'SERVICE_ERROR',
  INVALID_PARAMS = 'INVALID_PARAMS',
  AUTH_METHOD_MISMATCH = 'AUTH_METHOD_MISMATCH',
  RATE_LIMITED = 'RATE_LIMITED',
  CAPTCHA_REQUIRED = 'CAPTCHA_REQUIRED',
  CAPTCHA_INVALID = 'CAPTCHA_INVALID',
  MFA_REQUIRED = 'MFA_REQUIRED',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  UNKNOWN = 'UNKNOWN',
}

/** A category as the enum member or its string value (`error.category === 'RATE_LIMITED'` type-checks). */
export type AuthErrorCategoryValue = AuthErrorCategory | `${AuthErrorCategory}`;

export declare class AuthError extends Error {
  constructor(fields?: Partial<Pick<AuthError, 'message' | 'code' | 'status' | 'errorCode' | 'requestId' | 'category' | 'retryAfter'>>);
  readonly name: 'AuthError';
  /** Lower-cased server `error` string, or a client-side code. */
  code: AuthErrorCodeString;
  /** The raw `error` string from the server. */
  status?: string;
  /** Numeric `error_code` from the server. */
  errorCode?: number;
  /** The `x-request-id` of the failed request. */
  requestId?: string;
  /** Kind of failure (the official SDK's `AuthErrorCategory` decision order). */
  category: AuthErrorCategoryValue;
  /** Seconds to wait (only for `RATE_LIMITED`), when the server sent `retry_after`. */
  retryAfter?: number;
  toJSON(): {
    name: 'AuthError';
    message: string;
    code: string;
    status?: string;
    errorCode?: number;
    requestId?: string;
    category: AuthErrorCategoryValue;
    retryAfter?: number;
  };
}

export declare function isAuthError(e: unknown): e is AuthError;

export interface Identity {
  id: string;
  identity_id: string;
  user_id: string;
  identity_data: { provider_id?: string; provider_user_id?: string; name?: string };
  provider: string;
  created_at?: string;
  updated_at?: string;
  last_sign_in_at?: string;
}

export interface User {
  id: string;
  aud: 'authenticated';
  role?: string[];
  email: string;
  email_confirmed_at?: string;
  phone: string;
  phone_confirmed_at?: string;
  confirmed_at?: string;
  last_sign_in_at?: string;
  app_metadata: { provider: string; providers: string[] };
  user_metadata: {
    name?: string;
    picture?: string;
    username?: string;
    gender?: string;
    locale?: string;
    uid?: string;
    nickName?: string;
    avatarUrl?: string;
    hasPassword: boolean;
    open_id?: string;
  };
  identities: Identity[];
  created_at?: string;
  updated_at?: string;
  is_anonymous: boolean;
}

export interface Session {
  token_type: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  /** Local expiry (30 s before the server's). */
  expires_at: Date;
  scope?: string;
  sub?: string;
  groups?: string[];
  version?: string;
  user: User;
  [key: string]: unknown;
}

export type Result<T> = { data: T; error: null } | { data: { [K in keyof T]: null }; error: AuthError };
export type SessionResult = Promise<Result<{ user: User; session: Session }>>;

export type AuthChangeEvent =
  | 'INITIAL_SESSION'
  | 'SIGNED_IN'
  | 'SIGNED_OUT'
  | 'TOKEN_REFRESHED'
  | 'USER_UPDATED'
  | 'PASSWORD_RECOVERY'
  | 'BIND_IDENTITY';

/** Third callback argument: set for `BIND_IDENTITY` and for a failed URL-detected OAuth sign-in (`SIGNED_IN`). */
export interface AuthEventInfo {
  type: 'bind_identity' | 'sign_in';
  provider?: string;
  error: AuthError | null;
}

export type AuthStateCallback = (event: AuthChangeEvent, session: Session | null, info?: AuthEventInfo) => void;

export type OAuthProvider = 'google' | 'github' | 'wechat' | (string & {});

export interface SignInWithOAuthParams {
  provider: OAuthProvider;
  options?: {
    /** Where the provider sends the browser back (search and hash are restored afterwards); default `location.href`. */
    redirectTo?: string;
    /** Return the URL without navigating. */
    skipBrowserRedirect?: boolean;
    /** Default `prd-{provider}-{random}` (cryptographic random). */
    state?: string;
    /** Set on the provider URL, replacing existing values. */
    queryParams?: Record<string, string>;
    /** Default `'sign_in'`; `linkIdentity` uses `'bind_identity'`. */
    type?: 'sign_in' | 'bind_identity';
  };
}

export type VerifyOAuthResult = Promise<
  | { data: { type: 'sign_in'; provider: string; user: User; session: Session; redirectUrl: string }; error: null }
  | { data: { type: 'bind_identity'; provider: string; user: null; session: null; redirectUrl: string }; error: null }
  | { data: { user: null; session: null; redirectUrl: null }; error: AuthError }
>;

export interface UserIdentity {
  /** The provider id, e.g. `github`. */
  id: string;
  name?: string;
  picture?: string;
  provider_user_name?: string;
  bind: true;
  [key: string]: unknown;
}

/** A code sent by `signUp` / `signInWithOtp`: `verifyOtp` finishes the sign-in (or sign-up). */
export type VerifyOtpCallback = (params: {
  /** The code the user typed. */
  token: string | number;
  /** Defaults to the `verification_id` of the send step. */
  messageId?: string;
}) => SessionResult;

export type OtpSendResult = Promise<
  | { data: { verifyOtp: VerifyOtpCallback; user?: null; session?: null }; error: null }
  | { data: { user: null; session: null }; error: AuthError }
>;

export type SignUpParams = ({ email: string; phone?: never } | { phone: string; email?: never }) & {
  password?: string;
  username?: string;
  name?: string;
  gender?: 'MALE' | 'FEMALE' | string;
  picture?: string;
  locale?: string;
};

export type SignInWithOtpParams = ({ email: string; phone?: never } | { phone: string; email?: never }) & {
  options?: {
    /** Default `true`; `false` sends codes to existing users only (`user_not_found` otherwise). */
    shouldCreateUser?: boolean;
    emailRedirectTo?: string;
  };
};

export type OtpType = 'sms' | 'phone_change' | 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change' | 'email';

export type VerifyOtpParams = ({ email: string; phone?: never } | { phone: string; email?: never }) & {
  token: string | number;
  /** The `verification_id` of the send step (`resend`'s `messageId`). */
  messageId: string;
  /** `email_change` / `phone_change` only check the code; others sign in. */
  type?: OtpType;
};

export interface UserAttributes {
  nickname?: string;
  username?: string;
  description?: string;
  avatar_url?: string;
  gender?: 'MALE' | 'FEMALE';
  /** A new email: a code is sent to it; finish with `data.verifyOtp`. */
  email?: string;
  /** A new phone number: a code is sent to it; finish with `data.verifyOtp`. */
  phone?: string;
  /** Refused: use `resetPasswordForOld`, `resetPasswordForEmail` or `reauthenticate`. */
  password?: never;
}

export type UserResult = Promise<{ data: { user: User }; error: null } | { data: { user: null }; error: AuthError }>;

export type UpdateUserResult = Promise<
  | { data: { user: User }; error: null }
  | {
      data: {
        user: User;
        /** The `verification_id` of the code sent to the new address. */
        messageId: string;
        verifyOtp(params: { email?: string; phone?: string; token: string | number }): UserResult;
      };
      error: null;
    }
  | { data: { user: null }; error: AuthError }
>;

/** Finishes `resetPasswordForEmail` / `reauthenticate` with the code (`nonce`). */
export type UpdateUserCallback = (params: { nonce: string | number; password?: string }) => SessionResult;

export type UpdateUserCallbackResult = Promise<
  { data: { updateUser: UpdateUserCallback }; error: null } | { data: { updateUser: null }; error: AuthError }
>;

export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  scope?: string;
  project_id?: string;
  user_id?: string;
  groups?: string[];
  [claim: string]: unknown;
}

export interface Subscription {
  id: string;
  callback: AuthStateCallback;
  unsubscribe(): void;
}

export type SignInWithPasswordParams =
  | { username: string; password: string; email?: never; phone?: never }
  | { email: string; password: string; username?: never; phone?: never }
  | { phone: string; password: string; username?: never; email?: never };

/** A method of the official API that this version does not implement yet. */
export type Pending = (...args: unknown[]) => Promise<{ data: null; error: AuthError }>;

export interface Auth {
  signInAnonymously(params?: { provider_token?: string }): SessionResult;
  signInWithPassword(params: SignInWithPasswordParams): SessionResult;
  getSession(): Promise<
    | { data: { session: Session; user: User }; error: null }
    | { data: { session: null; user: null }; error: AuthError | null }
  >;
  getUser(): Promise<{ data: { user: User | null }; error: null } | { data: { user: null }; error: AuthError }>;
  refreshSession(refresh_token?: string): SessionResult;
  /** Without params: `POST /v1/revoke`. With `{redirect_uri?, state?}`: `POST /v1/user/signout`, whose
   * `redirect_uri` is returned at the top level. Either way the local session is cleared (`SIGNED_OUT`). */
  signOut(params?: { redirect_uri?: string; state?: string }): Promise<{
    data: Record<string, never>;
    error: AuthError | null;
    redirect_uri?: string;
  }>;
  onAuthStateChange(callback: AuthStateCallback): { data: { subscription: Subscription } };

  /** Starts an OAuth redirect (`GET /v1/provider/uri`); the round trip is kept in sessionStorage under the state. */
  signInWithOAuth(params: SignInWithOAuthParams): Promise<
    { data: { url: string; provider: string }; error: null } | { data: { url: null; provider: null }; error: AuthError }
  >;
  /**
   * Completes a redirect by hand (`detectSessionInUrl: false`). `code`/`state` default to the URL's.
   * A state this tab did not issue is rejected (`invalid_argument`, "state mismatch") without exchanging the code.
   */
  verifyOAuth(params?: { code?: string; state?: string; provider?: string }): VerifyOAuthResult;
  /** Like `verifyOAuth` for the current redirect, returning the session. */
  exchangeCodeForSession(code?: string): SessionResult;
  /** Starts a `bind_identity` redirect for the signed-in user; errors are returned (the official SDK swallows them). */
  linkIdentity(params: { provider: OAuthProvider; options?: Omit<NonNullable<SignInWithOAuthParams['options']>, 'type'> }): Promise<
    { data: { provider: string; url: string }; error: null } | { data: { provider: null }; error: AuthError }
  >;
  /** `GET /v1/user/provider`, entries with `bind: true`. */
  getUserIdentities(): Promise<{ data: { identities: UserIdentity[] }; error: null } | { data: { identities: null }; error: AuthError }>;
  /** `DELETE /v1/user/provider/{provider}`. */
  unlinkIdentity(params: { provider: OAuthProvider }): Promise<{ data: Record<string, never>; error: AuthError | null }>;
  /** Navigates to `{origin of redirect_uri}/__auth/?app_id&env_id&client_id&config_version&redirect_uri&{query}`. */
  toDefaultLoginPage(params?: {
    config_version?: string;
    redirect_uri?: string;
    app_id?: string;
    query?: Record<string, string>;
  }): Promise<{ data: Record<string, never>; error: AuthError | null }>;

  /** Sends a code (`POST /v1/verification`); `data.verifyOtp` signs an existing user in or signs a new one up (`SIGNED_IN`). */
  /** The shortcut path: a code verified elsewhere (`POST /v1/signup` at once, `SIGNED_IN`). */
  signUp(
    params: ({ verification_token: string } | { provider_token: string }) & {
      email?: string;
      phone_number?: string;
      verification_code?: string;
      password?: string;
      username?: string;
      name?: string;
    },
  ): SessionResult;
  signUp(params: SignUpParams): OtpSendResult;
  /** Like `signUp` by default; `shouldCreateUser: false` / `emailRedirectTo` send `target: 'USER'` / `'ANY'`. */
  signInWithOtp(params: SignInWithOtpParams): OtpSendResult;
  /** `POST /v1/signin/with/provider {provider_token: token}` (`SIGNED_IN`); `provider` is ignored. */
  signInWithIdToken(params: { token: string; provider?: string }): SessionResult;
  /** Awaits `getTicket()` (kept for later calls), then `POST /v1/signin/custom` (`SIGNED_IN`). */
  signInWithCustomTicket(getTicket?: () => string | Promise<string>): SessionResult;
  /** WeChat mini-program only: in a browser resolves to an `unimplemented` error (never throws). */
  signInWithOpenId(params?: { useWxCloud?: boolean }): Promise<{ data: { user: null; session: null }; error: AuthError }>;
  /** WeChat mini-program only: in a browser resolves to an `unimplemented` error (never throws). */
  signInWithPhoneAuth(params?: { phoneCode?: string; useWxCloud?: boolean }): Promise<{
    data: { user: null; session: null };
    error: AuthError;
  }>;
  /** Refreshes with `refresh_token`, fetches that user's profile, fires `TOKEN_REFRESHED` then `SIGNED_IN`. */
  setSession(params: { access_token: string; refresh_token: string }): SessionResult;
  /** `GET /v1/user/me` again. */
  refreshUser(): SessionResult;
  /** Basic fields: saved at once (`USER_UPDATED`). `email` / `phone`: a code is sent; finish with `data.verifyOtp`. */
  updateUser(attributes: UserAttributes): UpdateUserResult;
  /** `sudo` with the password, then `DELETE /v1/user/me`; clears the local session (`SIGNED_OUT`). */
  deleteUser(params: { password: string }): Promise<{ data: Record<string, never>; error: AuthError | null }>;
  /** Sends a recovery code (an email if it contains `@`, else a phone number); `data.updateUser({nonce, password})`
   * resets the password (`PASSWORD_RECOVERY`), signs in (`SIGNED_IN`) and navigates to `redirectTo` if given. */
  resetPasswordForEmail(emailOrPhone: string, options?: { redirectTo?: string }): UpdateUserCallbackResult;
  /** `sudo` with the old password, then `PATCH /v1/user/password`. */
  resetPasswordForOld(params: { old_password: string; new_password: string }): SessionResult;
  /** Sends a code to the signed-in user's email (else phone); `data.updateUser({nonce, password?})` sets a new
   * password, or without one signs the same user in again (`SIGNED_IN`). */
  reauthenticate(): UpdateUserCallbackResult;
  /** Checks a code by its `messageId` and signs in (`SIGNED_IN`), except for `email_change` / `phone_change`. */
  verifyOtp(params: VerifyOtpParams): SessionResult;
  /** Sends a new code (`target: 'ANY'` for `type: 'signup'`, else `'USER'`). */
  resend(params: ({ email: string; phone?: never } | { phone: string; email?: never }) & { type?: OtpType }): Promise<
    { data: { messageId: string }; error: null } | { data: { messageId: null }; error: AuthError }
  >;
  /** Decodes the access token locally (no signature check). */
  getClaims(): Promise<
    | { data: { claims: JwtClaims; header: { alg: string; kid?: string; [k: string]: unknown }; signature: string }; error: null }
    | { data: { claims: null; header: null; signature: null }; error: AuthError }
  >;
  // ----- v2 helpers (spec §2.8): these throw (reject) on error, as in the official SDK -----

  /** The login state, refreshing an expired token first; `null` when signed out. */
  getLoginState(): Promise<LoginState | null>;
  /** Synchronous: the stored login state or `null` (also `null` before the `.wasm` has loaded). */
  hasLoginState(): LoginState | null;
  /** Synchronous: `hasLoginState()?.user ?? null`. */
  readonly currentUser: V2User | null;
  /** Fetches the profile again; the v2 user with the whole cached profile, or `null` when signed out. */
  getCurrentUser(): Promise<(V2User & Record<string, unknown>) | null>;
  /** Rejects with `{ error: 'unauthenticated', error_description }` when signed out. */
  getAccessToken(): Promise<{ accessToken: string; env: string }>;
  /** `callback` gets the current state at once, then each sign-in and sign-out. */
  onLoginStateChanged(callback: (state: LoginStateEvent | LoginState | null) => void): Promise<void>;
  /** `POST /v1/signin` with the e-mail as `username`; rejects with the server's `{ error, error_description }`. */
  signInWithEmailAndPassword(email: string, password: string): Promise<LoginState>;
  /** `{ signIn() }`: signs in anonymously; resolves to `undefined`. */
  anonymousAuthProvider(): { signIn(): Promise<void> };
}

/** The v2 user: the profile fields the official `User` copies from the cached profile. */
export interface V2User {
  uid?: string;
  email?: string;
  name?: string;
  gender?: string;
  picture?: string;
  email_verified?: boolean;
  phone_number?: string;
  birthdate?: string;
  zoneinfo?: string;
  locale?: string;
  sub?: string;
  created_from?: string;
  providers?: unknown[];
  username?: string;
  created_at?: string;
  open_id?: string;
  [key: string]: unknown;
}

/** The v2 login state (without the official SDK's internal `cache` / `oauthInstance`). */
export interface LoginState {
  user: V2User;
}

/** What `onLoginStateChanged` callbacks get on a change. */
export interface LoginStateEvent extends Partial<LoginState> {
  name: 'loginStateChanged';
  data: { eventType: 'sign_in' | 'sign_out' };
}

/** The argument of `app.auth(config)`, as in the official SDK. */
export interface AuthConfig {
  /** Honoured when `app.auth(config)` is called right after `init`, before the first method call resolves;
   * later calls return the existing instance unchanged (as the official SDK does). */
  persistence?: Persistence;
  /** As `storage` in `init`, with the same timing rule as `persistence`. */
  storage?: StorageAdapter;
  region?: string;
  [key: string]: unknown;
}

/** `app.auth` is callable (`app.auth()` / `app.auth(config)` return the same object) and carries every method. */
export type AuthFn = Auth & ((config?: AuthConfig) => Auth);

export interface App {
  config: InitConfig;
  auth: AuthFn;
  /** Only `key: 'GATEWAY'` affects auth; scheme and host of `url` are kept. */
  registerEndPointWithKey(props: { key: 'GATEWAY' | 'CLOUD_API' | string; url: string; protocol?: 'http' | 'https' }): void;
  registerHost(host: string, protocol?: 'http' | 'https'): void;
}

/** What `cloudbase.init` throws without `env`: as the official SDK, an `Error` whose message is
 * `JSON.stringify({ code, msg })`; here `code` and `msg` are also properties. */
export interface InitError extends Error {
  code: 'INVALID_PARAMS';
  msg: string;
}

declare const cloudbase: {
  /** Synchronous (the `.wasm` loads in the background; methods wait for it). Throws an `InitError` without `env`. */
  init(config: InitConfig): App;
};
export default cloudbase;
