// Demo page: the same code an app written for @cloudbase/js-sdk v3 would contain, on our package.
import cloudbase from '/pkg/index.js';

const params = new URLSearchParams(location.search);
const emulatorUrl = params.get('emulator') ?? 'http://127.0.0.1:8787';
const env = params.get('env') ?? 'demo-env';
document.getElementById('emulator-url').textContent = emulatorUrl;
document.getElementById('env-id').textContent = env;

const app = cloudbase.init({ env, region: 'ap-shanghai', accessKey: '', auth: { detectSessionInUrl: true } });
app.registerEndPointWithKey({ key: 'GATEWAY', url: emulatorUrl.replace(/^https?:/, '') + '/v1', protocol: new URL(emulatorUrl).protocol.slice(0, -1) });
const auth = app.auth;

const $ = (id) => document.getElementById(id);
const show = (id, value) => { $(id).textContent = value == null ? 'null' : JSON.stringify(value, null, 2); };
function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function render() {
  const { data, error } = await auth.getSession();
  if (error) return status(`getSession failed: ${error.code}: ${error.message}`, true);
  const short = (t) => (t ? t.slice(0, 24) + '…' : t);
  show('session', data.session && { ...data.session, user: undefined, access_token: short(data.session.access_token), refresh_token: short(data.session.refresh_token) });
  show('user', data.session?.user ?? null);
}

// Runs an auth call, shows its error or re-renders the session.
async function run(label, call) {
  status(`${label}…`);
  const { error } = await call();
  if (error) return status(`${label} failed: ${error.code}: ${error.message}`, true);
  status(`${label}: ok`);
  await render();
}

auth.onAuthStateChange((event, session) => {
  const li = document.createElement('li');
  li.textContent = `${new Date().toISOString().slice(11, 19)} ${event}${session?.user ? ' ' + (session.user.email || session.user.id) : ''}`;
  $('events').append(li);
});

$('password-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const id = $('username').value.trim();
  const password = $('password').value;
  const who = id.includes('@') ? { email: id } : /^\+?\d[\d ]{6,}$/.test(id) ? { phone: id } : { username: id };
  run('signInWithPassword', () => auth.signInWithPassword({ ...who, password }));
});
$('signin-anonymous').addEventListener('click', () => run('signInAnonymously', () => auth.signInAnonymously()));
$('signout').addEventListener('click', () => run('signOut', () => auth.signOut()));
$('refresh').addEventListener('click', () => run('refreshSession', () => auth.refreshSession()));

await render();
status('ready');
