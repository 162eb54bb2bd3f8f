// Page chrome shared by the demo pages: skip link, navigation, and the side panels (live
// onAuthStateChange log, the emulator's outbox). DOM order = focus order: skip link, nav, main, panels.

const PAGES = [
  ['/', 'Start'],
  ['/register', 'Register'],
  ['/login', 'Password login'],
  ['/phone', 'Phone login'],
  ['/oauth', 'OAuth'],
  ['/dashboard', 'Dashboard'],
];

/** Inserts the header navigation and the side panels around the page's <main>. */
export function mountChrome({ emulatorUrl, envId }) {
  const main = document.querySelector('main');
  main.id = 'main';
  main.tabIndex = -1;
  const here = location.pathname.replace(/\.html$/, '').replace(/\/index$/, '/');
  const header = document.createElement('header');
  header.className = 'site';
  header.innerHTML = `
    <a class="skip" href="#main">Skip to content</a>
    <p class="brand"><span aria-hidden="true">☁</span> cloudbase-auth-wasm <span class="tag">demo</span></p>
    <nav aria-label="Demo pages"><ul>${PAGES.map(([href, label]) =>
      `<li><a href="${href}"${href === here ? ' aria-current="page"' : ''}>${label}</a></li>`).join('')}</ul></nav>`;
  document.body.prepend(header);

  const aside = document.createElement('aside');
  aside.setAttribute('aria-label', 'Developer panels');
  aside.innerHTML = `
    <section class="panel" aria-labelledby="log-h">
      <h2 id="log-h">Auth state log <small>onAuthStateChange</small></h2>
      <ol id="auth-log" class="log" aria-live="polite"></ol>
    </section>
    <section class="panel" aria-labelledby="outbox-h">
      <h2 id="outbox-h">Outbox <small>codes "sent" by the emulator</small></h2>
      <ol id="outbox" class="outbox" aria-live="polite"><li class="empty">No codes sent yet.</li></ol>
      <p class="meta">Emulator <code>${escapeHtml(emulatorUrl)}</code>, env <code>${escapeHtml(envId)}</code></p>
    </section>`;
  main.after(aside);
  pollOutbox(emulatorUrl, envId, aside.querySelector('#outbox'));
}

/** Appends one line to the auth state log. */
export function logEvent(event, message, who) {
  const li = document.createElement('li');
  const time = new Date().toTimeString().slice(0, 8);
  li.innerHTML = `<time>${time}</time> <strong class="event">${event}</strong> <span>${escapeHtml(message)}${who ? `: ${escapeHtml(who)}` : ''}</span>`;
  document.getElementById('auth-log').append(li);
}

// The outbox is the emulator's GET /_emulator/outbox: every verification code "sent" by e-mail or SMS
// in this env, newest first here. Polled, since codes are sent by SDK calls the panel cannot see.
function pollOutbox(emulatorUrl, envId, list) {
  let shown = '';
  const refresh = async () => {
    try {
      const get = (what) => fetch(`${emulatorUrl}/_emulator/${what}`).then((r) => r.json());
      // The emulator's clock, not the browser's, decides expiry (tests move it forward).
      const [{ messages }, { now_ms: now }] = await Promise.all([get(`outbox?env=${encodeURIComponent(envId)}`), get('clock')]);
      const key = messages.map((m) => `${m.verification_id}:${m.expires_at <= now}`).join();
      if (key === shown) return;
      shown = key;
      list.replaceChildren(...(messages.length ? messages.slice().reverse().map((m) => outboxItem(m, now)) : [emptyItem()]));
    } catch {
      // Emulator briefly unreachable (e.g. a test's injected fault): keep what is shown.
    }
  };
  refresh();
  setInterval(refresh, 1000);
}

function outboxItem(m, now) {
  const li = document.createElement('li');
  const channel = m.channel === 'phone' ? 'SMS' : 'E-mail';
  const expires = m.expires_at <= now ? 'expired' : `valid until ${new Date(m.expires_at).toTimeString().slice(0, 5)}`;
  li.classList.toggle('expired', m.expires_at <= now);
  li.innerHTML = `<span class="to">${channel} to <span class="address">${escapeHtml(m.address)}</span></span>
    <span class="code" aria-label="code">${escapeHtml(m.code)}</span>
    <span class="meta">${expires}</span>`;
  return li;
}

function emptyItem() {
  const li = document.createElement('li');
  li.className = 'empty';
  li.textContent = 'No codes sent yet.';
  return li;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
