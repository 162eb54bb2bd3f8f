// The official documentation's examples (shared/spec/official-docs-auth-v3.txt), written against
// pkg/index.d.ts: `tsc` in `make test` fails if the declarations stop accepting code written for
// the official SDK, or stop narrowing `{ data, error }` results.
import cloudbase, { AuthErrorCategory, AuthErrorCode, isAuthError, type Session } from '../../pkg/index.js';

const app = cloudbase.init({
  env: 'your-env-id',
  region: 'ap-shanghai',
  accessKey: '',
  auth: { detectSessionInUrl: true },
});
const auth = app.auth;
app.registerEndPointWithKey({ key: 'GATEWAY', url: '//127.0.0.1:8787/v1', protocol: 'http' });

export async function checkAuthStatus(): Promise<boolean> {
  const { data, error } = await auth.getSession();
  if (error) {
    console.error('Check login status failed:', error.message);
    return false;
  }
  if (data.session) {
    console.log('user logged in:', data.session.user);
    return true;
  }
  return false;
}

export async function registerUser(email: string, password: string, verificationCode: string): Promise<boolean> {
  const { data, error } = await auth.signUp({ email, password });
  if (error) {
    console.error('send Captcha failed:', error.message);
    return false;
  }
  const { data: loginData, error: loginError } = await data.verifyOtp({ token: verificationCode });
  if (loginError) {
    console.error('verification failed:', loginError.message);
    return false;
  }
  console.log('register successfully:', loginData.user?.email);
  return true;
}

export async function logoutUser(): Promise<boolean> {
  const { error } = await auth.signOut();
  return !error;
}

export async function loginWithPassword(email: string, password: string): Promise<boolean> {
  const { data, error } = await auth.signInWithPassword({ email, password });
  if (error) {
    console.error('login failed:', error.message, error.code, error.category === AuthErrorCategory.INVALID_CREDENTIALS);
    return false;
  }
  console.log('login successful:', data.user?.email);
  return true;
}

auth.onAuthStateChange((event, session, info) => {
  switch (event) {
    case 'INITIAL_SESSION':
      console.log(session ? session.user : 'user not logged in');
      break;
    case 'SIGNED_IN':
      console.log('user login successful:', session?.user);
      break;
    case 'BIND_IDENTITY':
      console.log('identity source binding result', info?.error ?? null);
      break;
    case 'SIGNED_OUT':
    case 'PASSWORD_RECOVERY':
    case 'TOKEN_REFRESHED':
    case 'USER_UPDATED':
      break;
  }
});

// The phone-OTP page: the send step, the verify callback and the documented error codes.
export class PhoneLogin {
  verifyFunction?: (params: { token: string }) => Promise<{ data: { user: unknown; session: Session | null } | null; error: unknown }>;

  async send(phone: string): Promise<string> {
    const { data, error } = await auth.signInWithOtp({ phone });
    if (error) {
      switch (error.code) {
        case 'invalid_phone':
        case 'user_not_found':
        case 'unreachable':
          return error.code;
        case 'resource_exhausted':
          return `retry in ${error.retryAfter ?? 60}s`;
        default:
          return 'send Captcha failed: ' + error.message;
      }
    }
    this.verifyFunction = data.verifyOtp;
    return 'sent';
  }

  async verify(code: string): Promise<string> {
    if (!this.verifyFunction) return 'send first';
    const { data, error } = await this.verifyFunction({ token: code });
    if (error) return isAuthError(error) ? error.code : 'unknown';
    return data?.session ? 'signed in' : 'no session';
  }
}

export const invalidArgument: number = AuthErrorCode.INVALID_ARGUMENT;
export const invalidArgumentName: string = AuthErrorCode[3];
