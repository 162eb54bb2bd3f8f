// cloudbase-auth-wasm for Node 18+ and SSR (the package's `node` export condition): the .wasm is read
// from disk next to this file, requests use the global `fetch`, and sessions are kept in memory unless
// `cloudbase.init` gets a `storage` adapter.
import { readFile } from 'node:fs/promises';
import { createCloudbase } from './app.js';

export { AuthError, isAuthError, AuthErrorCode, AuthErrorCategory } from './errors.js';

const url = new URL('cloudbase_auth_wasm_bg.wasm', import.meta.url);
const cloudbase = createCloudbase(readFile(url), url.pathname);
export default cloudbase;
