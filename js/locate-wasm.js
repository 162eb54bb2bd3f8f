// Fetches the .wasm for the browser entry, given its URL as bundlers and plain pages resolve it.
//
// One case needs a second try: the dev servers of Vite 5, 6 and 7 pre-bundle dependencies into
// node_modules/.vite/deps/<flattened package name>.js. From there the URL points at a file that does
// not exist, and the dev server answers with the app's index.html (status 200, text/html). The package
// itself is still served from node_modules/<package name>/, so the .wasm is fetched from there.
// (Vite 8 and production builds of every version rewrite the URL to the emitted asset instead.)

const PREBUNDLED = /\/\.vite\/deps\/([^/?]+)\.js(?:\?|$)/;

/** The `Response` for the .wasm (wasm-bindgen's init takes it as it is). */
export async function fetchWasm(url) {
  const res = await fetch(url);
  const prebundled = PREBUNDLED.exec(import.meta.url);
  if (!prebundled || !isHtml(res)) return res;
  // Vite flattens `@scope/name` to `@scope_name`.
  const name = prebundled[1].replace(/^(@[^_]+)_/, '$1/');
  const base = import.meta.url; // not inline: bundlers must not take this for an asset reference
  return fetch(new URL(`../../${name}/cloudbase_auth_wasm_bg.wasm`, base));
}

function isHtml(res) {
  return (res.headers.get('content-type') || '').startsWith('text/html');
}
