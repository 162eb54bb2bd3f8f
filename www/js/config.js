// Which emulator and env the demo talks to. `?emulator=URL&env=ID` on any page sets them for the
// rest of the tab's visit (sessionStorage), so links, redirects and the OAuth round trip keep them.
const params = new URLSearchParams(location.search);
for (const key of ['emulator', 'env']) {
  if (params.get(key)) sessionStorage.setItem(`demo.${key}`, params.get(key));
}

/** Base URL of the emulator, e.g. `http://127.0.0.1:8787`. */
export const emulatorUrl = sessionStorage.getItem('demo.emulator') ?? 'http://127.0.0.1:8787';
/** The CloudBase env id (`make demo` seeds demo@example.com in `demo-env`). */
export const envId = sessionStorage.getItem('demo.env') ?? 'demo-env';
