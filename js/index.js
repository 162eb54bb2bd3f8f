// cloudbase-auth-wasm for browsers, bundlers and workers: the official SDK's shape around the wasm core.
// Bundlers (Vite, webpack, Rollup with an asset plugin) and plain pages resolve the .wasm through the
// literal `new URL(..., import.meta.url)` below; see locate-wasm.js for Vite's dev-server pre-bundling.
import { createCloudbase } from './app.js';
import { fetchWasm } from './locate-wasm.js';

export { AuthError, isAuthError, AuthErrorCode, AuthErrorCategory } from './errors.js';

const url = new URL('cloudbase_auth_wasm_bg.wasm', import.meta.url);
const cloudbase = createCloudbase(fetchWasm(url), url.href);
export default cloudbase;
