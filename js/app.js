// `cloudbase.init` around the wasm core. No top-level await: the .wasm starts loading when an entry
// (index.js for browsers and workers, node.js for Node) calls `createCloudbase`, `init` stays synchronous,
// and every method waits for the one `ready` promise inside (see auth.js).
import { AuthCore, finish, imports } from './cloudbase_auth_wasm.js';
import { AuthError, initError, invalidArgument, WASM_LOAD_FAILED } from './errors.js';
import { callCore, makeAuth } from './auth.js';
import { coreSlot } from './slot.js';
import { adapterCache } from './storage.js';

/**
 * The default export of an entry. `source` is what wasm-bindgen's init takes (a URL, a `Response`, bytes),
 * or a promise of it; `where` names it in the error if loading fails.
 */
export function createCloudbase(source, where) {
  const ready = Promise.resolve(source).then(instantiate);
  // A page being left aborts the download (Firefox rejects it, "NetworkError when attempting to fetch
  // resource" or "The operation was aborted", before `pagehide`): the person moved on, nothing to report.
  // Listened to only while loading (a `beforeunload` listener keeps a page out of Firefox's back-forward cache).
  let leaving = false;
  const leave = () => { leaving = true; };
  globalThis.addEventListener?.('beforeunload', leave);
  ready.finally(() => globalThis.removeEventListener?.('beforeunload', leave)).catch(() => {});
  // A failed load is reported once here and then by every method as its `{ error }`.
  const loaded = ready.catch((cause) => {
    const message = `cloudbase-auth-wasm: cannot load the WebAssembly module from ${where}: ${cause?.message ?? cause}`;
    if (!leaving) console.error(message);
    throw new AuthError({ code: WASM_LOAD_FAILED, message, category: 'SERVICE_ERROR' });
  });
  loaded.catch(() => {});
  return { init: (config) => init(config, loaded) };
}

/**
 * Instantiates the .wasm from what an entry gives: a `Response` (browsers) or its bytes (Node). The glue's
 * own `init` also takes URLs, `Request`s and modules; this package never passes those, and its shorter
 * loader, with the cuts of scripts/slim-glue.mjs, saves 732 B gzip. Same steps as wasm-bindgen's for these two;
 * `finish` takes only the instance (slim-glue drops the module it kept for `initSync`).
 */
async function instantiate(source) {
  const wasmImports = imports();
  if (typeof Response == 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`HTTP ${source.status} ${source.statusText}`);
    const streamed = await WebAssembly.instantiateStreaming?.(source, wasmImports).catch((e) => {
      // Served with another content type: streaming refuses it, the bytes still instantiate.
      if (source.headers.get('Content-Type') == 'application/wasm') throw e;
      console.warn('cloudbase-auth-wasm: the .wasm is not served as application/wasm; compiled without streaming:', e);
    });
    if (streamed) return finish(streamed.instance);
    source = await source.arrayBuffer();
  }
  finish((await WebAssembly.instantiate(source, wasmImports)).instance);
}

function init(config, loaded) {
  if (!config || typeof config !== 'object' || !config.env) throw initError('INVALID_PARAMS', 'env must not be specified');
  const slot = coreSlot();
  let endpoint = null;
  let authConfig = null;
  // The core is created one microtask after init at the earliest, so `app.auth(cfg)` and the endpoint
  // calls made right after `init` always apply, whether or not the .wasm is already loaded.
  // The endpoint is set in the same turn as the core is created: the core's first requests
  // (`detectSessionInUrl`) start on the next microtask.
  const fill = (core) => {
    if (!core.call) return slot.fail(core); // the constructor's error
    if (endpoint) callCore(core, 'setEndpoint', ...endpoint);
    slot.fill(core);
  };
  loaded.then(() => start(authConfig ? { ...config, ...authConfig } : config, slot, fill), slot.fail);
  const setEndpoint = (url, protocol) => {
    endpoint = [url, protocol];
    if (slot.core) callCore(slot.core, 'setEndpoint', url, protocol);
  };
  const auth = makeAuth(slot, (cfg) => {
    if (!cfg || typeof cfg !== 'object') return;
    if (!slot.core) authConfig = { ...authConfig, ...cfg };
    else if (cfg.persistence && cfg.persistence !== (authConfig?.persistence ?? config.persistence ?? 'local')) {
      // As the official SDK: the first call creates the instance, later ones return it unchanged.
      console.warn(`cloudbase-auth-wasm: app.auth() already exists; persistence '${cfg.persistence}' is ignored`);
    }
  });
  return {
    config,
    auth,
    registerEndPointWithKey({ key, url, protocol } = {}) {
      // Auth calls go through the GATEWAY endpoint only.
      if ((key || 'GATEWAY') === 'GATEWAY' && url) setEndpoint(url, protocol || '');
    },
    registerHost(host, protocol = 'http') {
      setEndpoint('//' + String(host).replace(/^(https?:)?\/\//, ''), protocol);
    },
  };
}

/**
 * Creates the wasm core for `config` and hands it (or the error) to `fill`: at once, or with an
 * app-supplied `storage` adapter once the adapter has been read (storage.js).
 */
function start(config, slot, fill) {
  if (config.storage == null) return fill(createCore(config));
  return adapterCache(config.storage, AuthCore.storageKeys(config)).then((cache) => {
    if (!cache.settle) return fill(cache); // not an adapter: the error
    slot.settle = cache.settle;
    fill(createCore({ ...config, storage: cache }));
  });
}

/** The wasm core for `config`, or the `AuthError` its constructor throws (`{code, msg}` objects included). */
function createCore(config) {
  try {
    return new AuthCore(config);
  } catch (e) {
    return e instanceof AuthError ? e : invalidArgument(e?.msg ?? e?.message ?? String(e));
  }
}
