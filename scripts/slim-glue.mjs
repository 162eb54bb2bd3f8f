// Trims the wasm-bindgen glue (target/wasm-pack/cloudbase_auth_wasm.js) before it is bundled into pkg/.
//
// wasm-bindgen's `--target web` glue carries code for uses this package never has. Each edit below
// replaces one generated pattern and fails the build if the pattern is not found (a new wasm-bindgen
// version must be looked at again, not silently passed through). Measured with `make size`: the loader
// (js/app.js) and the first cuts below (with a `debugString` stub, since made needless by
// vendor/gloo-net's patches), -732 B gzip of index.js.
//
// Usage: node scripts/slim-glue.mjs GLUE.js (rewritten in place)
import fs from 'node:fs';

const [glueFile] = process.argv.slice(2);
let glue = fs.readFileSync(glueFile, 'utf8');

/** Replaces `from` (a string or a RegExp) with `to`, failing when it does not occur exactly `count` times. */
function edit(what, from, to, count = 1) {
  const re = typeof from === 'string'
    ? new RegExp(from.replace(/[$.*+?^()[\]{}|\\]/g, '\\$&'), 'g')
    : new RegExp(from.source, from.flags.includes('g') ? from.flags : `${from.flags}g`);
  const found = glue.match(re)?.length ?? 0;
  if (found !== count) throw new Error(`slim-glue: ${what}: expected ${count} match(es) in ${glueFile}, found ${found}`);
  glue = glue.replace(re, to);
}

/** `edit` for a pattern the glue repeats: every occurrence, failing when there is none. */
function editEach(what, from, to) {
  edit(what, from, to, Math.max(1, glue.match(new RegExp(from.source, `${from.flags}g`))?.length ?? 0));
}

// Each step below names the glue's code it drops and why nothing observable changes.

// The loader: `init`/`initSync` and their helpers go unused (tree-shaken) once app.js has these two.
edit('loader exports', /\nexport \{ initSync, __wbg_init as default \};\n?$/,
  '\nexport { __wbg_get_imports as imports, __wbg_finalize_init as finish };\n');

// `AuthCore#free` / `[Symbol.dispose]`: the core lives as long as its app (app.js and auth.js never free
// it, and it is not exported); the FinalizationRegistry still frees it when the app is collected.
edit('AuthCore#free', /\n    __destroy_into_raw\(\) \{\n[\s\S]*?\n    \}\n    free\(\) \{\n[\s\S]*?\n    \}\n/, '\n');
edit('Symbol.dispose', 'if (Symbol.dispose) AuthCore.prototype[Symbol.dispose] = AuthCore.prototype.free;\n', '');

// String passing: every call gives `realloc`, so the branch for its absence is dead; and every runtime
// the package supports (ES2022 browsers, Node 18+) has `TextEncoder#encodeInto`.
edit('passStringToWasm0 without realloc', /\n    if \(realloc === undefined\) \{\n[\s\S]*?\n    \}\n/, '\n');
edit('encodeInto polyfill', /\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{\n[\s\S]*?\n\}\n/, '\n');
// Strings go to the wasm through `TextEncoder#encodeInto` alone, into room for the longest UTF-8 (3 bytes
// per UTF-16 unit), then shrunk to what was written: the glue's own path for a non-ASCII string, here
// taken for every string instead of a JS loop copying the ASCII prefix byte by byte first. The same bytes
// arrive (-60 B gzip). An empty string allocates nothing (the wasm's realloc takes no size 0). Node 20,
// per string: 12 ASCII chars ~60 ns slower, 40 the same, a 900-char token 2.5 us -> 0.1 us.
edit('passStringToWasm0', /\nfunction passStringToWasm0\(arg, malloc, realloc\) \{\n[\s\S]*?\n\}\n/,
  `
function passStringToWasm0(arg, malloc, realloc) {
    const len = arg.length * 3;
    const ptr = malloc(len, 1) >>> 0;
    const { written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    WASM_VECTOR_LEN = written;
    return len ? realloc(ptr, len, written, 1) >>> 0 : ptr;
}
`);

// The byte view of the memory is stale when null or when the memory grew (its buffer detached, length 0):
// both say `!view?.byteLength`. A pointer divided by 1 is the pointer (-12 B gzip).
edit('Uint8Array staleness', 'cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0', '!cachedUint8ArrayMemory0?.byteLength');
edit('ptr / 1', 'ptr / 1', 'ptr', 2);

// The object heap starts as 1,024 free slots and the four fixed values, written as one array (-10 B gzip).
edit('heap', 'let heap = new Array(1024).fill(undefined);\nheap.push(undefined, null, true, false);',
  'let heap = [...Array(1024), undefined, null, true, false];');

// `js_sys::global()` asks for `globalThis`, then `self`, `window` and `global` while the answer is
// undefined. Every runtime that parses this bundle (ES2022) has `globalThis`, so the three fallbacks
// always report "absent" here (-25 B gzip), and the first answer is `globalThis` itself (-17 B gzip).
edit('global fallbacks', /const ret = typeof (global|self|window) === 'undefined' \? undefined : \1;\n\s*return isLikeNone\(ret\) \? 0 : addHeapObject\(ret\);/,
  'return 0; // scripts/slim-glue.mjs: globalThis is always there', 3);
edit('globalThis check', "const ret = typeof globalThis === 'undefined' ? undefined : globalThis;\n            return isLikeNone(ret) ? 0 : addHeapObject(ret);",
  'return addHeapObject(globalThis);');

// Imports that may throw are each `function() { return handleError(function (…) {…}, arguments); }`;
// `handleError(f)` returning the catching wrapper says the same once (-30 B gzip).
const catching = (glue.match(/function\(\) \{ return handleError\(function \(/g) ?? []).length;
edit('handleError calls', /function\(\) \{ return handleError\(function \(/, 'handleError(function (', catching);
edit('handleError call ends', /\}, arguments\); \},/, '}),', catching);
edit('handleError', /\nfunction handleError\(f, args\) \{\n    try \{\n        return f\.apply\(this, args\);\n    \} catch \(e\) \{\n([\s\S]*?)\n    \}\n\}\n/,
  '\nfunction handleError(f) {\n    return function () {\n        try {\n            return f.apply(this, arguments);\n        } catch (e) {\n$1\n        }\n    };\n}\n');
// `FinalizationRegistry` (ES2021) is in every runtime the package supports, so the no-op stand-in for
// its absence is never chosen (-20 B gzip).
edit('FinalizationRegistry fallbacks', /\(typeof FinalizationRegistry === 'undefined'\)\n\s*\? \{ register: \(\) => \{\}, unregister: \(\) => \{\} \}\n\s*: new FinalizationRegistry/,
  'new FinalizationRegistry', 2);

// `__wbg_finalize_init` keeps the instance and the module for `initSync` and threads, neither in this
// package (the loader is js/app.js, which passes the instance alone): only `wasm`, the exports, is read
// (-32 B gzip with app.js's calls).
edit('wasmModule and wasmInstance', /\nlet wasmModule, wasmInstance, wasm;\nfunction __wbg_finalize_init\(instance, module\) \{\n    wasmInstance = instance;\n    wasm = instance\.exports;\n    wasmModule = module;\n/,
  '\nlet wasm;\nfunction __wbg_finalize_init(instance) {\n    wasm = instance.exports;\n');

// The cached view of the memory is stale once the memory grew: its buffer is then detached and no longer
// the memory's `buffer`. Comparing with the memory's `buffer` alone tells the same (-16 B gzip).
edit('DataView staleness', /cachedDataViewMemory0 === null \|\| cachedDataViewMemory0\.buffer\.detached === true \|\| \(cachedDataViewMemory0\.buffer\.detached === undefined && cachedDataViewMemory0\.buffer !== (wasm\.\w+\.buffer)\)/,
  'cachedDataViewMemory0?.buffer !== $1');

// The imports are called by the wasm instance alone, as plain functions (no `this`, no `new`, no
// `arguments`), so each can be an arrow function: minified, `(a)=>expr` instead of
// `function(a){return expr}` (-93 B gzip).
editEach('imports as arrows', /^( +[\w$]+: )function\(([\w, ]*)\) \{$/m, '$1($2) => {');
editEach('catching imports as arrows', /handleError\(function \(([\w, ]*)\) \{$/m, 'handleError(($1) => {');
// An import without a result whose body is one expression is that expression: wasm ignores what a
// function imported without a result type returns (-19 B gzip).
editEach('imports without a result', /^( +[\w$]+: (?:handleError\()?\([\w, ]*\) => )\{\n +((?! |return |throw |const |let |var )[^\n;]+);\n\s*\}/m, '$1$2');

// Each import computes its result into `const ret` and returns it on the next line, converted or not;
// returning the expression itself computes the same value in the same order (-48 B gzip).
editEach('const ret returned', /const ret = (.*);\n\s*return (?:(addHeapObject|takeObject)\(ret\)|ret);/,
  (_, value, convert) => `return ${convert ? `${convert}(${value})` : value};`);

// The core builds its errors with `coreError` of js/errors.js (`#[wasm_bindgen(module = "/js/errors.js")]`),
// which wasm-bindgen imports from its own copy of the file under snippets/. The entries import
// js/errors.js itself, which sits next to the glue: one module in the bundle, so one `AuthError` class
// and `instanceof` holds.
edit('errors.js snippet', /\.\/snippets\/[\w-]+\/js\/errors\.js/, './errors.js');
fs.writeFileSync(glueFile, glue);
