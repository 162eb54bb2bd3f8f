// Type declarations for cloudbase-auth-wasm (hand-written; match js/index.js).

export type Persistence = 'local' | 'session' | 'none';

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
  /** `Accept-Language`; default `'zh-CN'`. */
  lang?: 'zh-CN' | 'en-US' | string;
  auth?: { detectSessionInUrl?: boolean };
  [key: string]: unknown;
}

export type AuthErrorCode =
  | 'unknown'
  | 'unreachable'
  | 'invalid_argument'
  | 'invalid_phone'
  | 'unauthenticated'
  | 'invalid_grant'
  | 'invalid_username_or_password'
  | 'unimplemented'
  | (string & {});

export type AuthErrorCategory =
  | 'PROVIDER_NOT_ENABLED'
  | 'INVALID_CREDENTIALS'
  | 'USER_NOT_FOUND'
  | 'USER_STATUS_ABNORMAL'
  | 'SERVICE_ERROR'
  | 'INVALID_PARAMS'
  | 'AUTH_METHOD_MISMATCH'
  | 'RATE_LIMITED'
  | 'CAPTCHA_REQUIRED'
  | 'CAPTCHA_INVALID'
  | 'MFA_REQUIRED'
  | 'PRECONDITION_FAILED'
  | 'VERIFICATION_FAILED'
  | 'UNKNOWN';

export declare class AuthError extends Error {
  constructor(fields?: Partial<Pick<AuthError, 'message' | 'code' | 'status' | 'errorCode' | 'requestId' | 'category' | 'retryAfter'>>);
  readonly name: 'AuthError';
  /** Lower-cased server `error` string, or a client-side code. */
  code: AuthErrorCode;
  /** The raw `error` string from the server. */
  status?: string;
  /** Numeric `error_code` from the server. */
  errorCode?: number;
  /** The `x-request-id` of the failed request. */
  requestId?: string;
  /** Kind of failure (the official SDK's `AuthErrorCategory` decision order). */
  category: AuthErrorCategory;
  /** Seconds to wait (only for `RATE_LIMITED`), when the server sent `retry_after`. */
  retryAfter?: number;
  toJSON(): {
    name: 'AuthError';
    message: string;
    code: string;
    status?: string;
    errorCode?: number;
    requestId?: string;
    category: AuthErrorCategory;
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

export type AuthStateCallback = (event: AuthChangeEvent, session: Session | null, info?: unknown) => void;

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
  signOut(params?: Record<string, never>): Promise<{ data: Record<string, never>; error: AuthError | null }>;
  onAuthStateChange(callback: AuthStateCallback): { data: { subscription: Subscription } };

  signUp: Pending;
  signInWithOtp: Pending;
  signInWithOAuth: Pending;
  signInWithIdToken: Pending;
  signInWithCustomTicket: Pending;
  signInWithOpenId: Pending;
  signInWithPhoneAuth: Pending;
  setSession: Pending;
  refreshUser: Pending;
  updateUser: Pending;
  deleteUser: Pending;
  getUserIdentities: Pending;
  linkIdentity: Pending;
  unlinkIdentity: Pending;
  resetPasswordForEmail: Pending;
  resetPasswordForOld: Pending;
  reauthenticate: Pending;
  verifyOtp: Pending;
  resend: Pending;
  verifyOAuth: Pending;
  getClaims: Pending;
  toDefaultLoginPage: Pending;
  exchangeCodeForSession: Pending;
}

/** `app.auth` is callable (`app.auth()` returns the same object) and carries every method. */
export type AuthFn = Auth & (() => Auth);

export interface App {
  config: InitConfig;
  auth: AuthFn;
  /** Only `key: 'GATEWAY'` affects auth; scheme and host of `url` are kept. */
  registerEndPointWithKey(props: { key: 'GATEWAY' | 'CLOUD_API' | string; url: string; protocol?: 'http' | 'https' }): void;
  registerHost(host: string, protocol?: 'http' | 'https'): void;
}

declare const cloudbase: {
  /** Synchronous; throws `{code: 'INVALID_PARAMS', msg}` without `env`. */
  init(config: InitConfig): App;
};
export default cloudbase;
