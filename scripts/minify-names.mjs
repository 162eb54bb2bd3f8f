// Applies wasm-opt's import/export renaming to the wasm-bindgen glue.
//
// wasm-bindgen names every import and export of the .wasm after its Rust item plus a hash
// (`__wbg_set_e4b9a833d288759a`, `wasm_bindgen__convert__closures_____invoke__h1df38a4fce72cbcd`):
// about 170 names, mostly incompressible hex, stored in the .wasm and again in the glue.
// build-pkg.sh runs wasm-opt with `--minify-imports-and-exports-and-modules`, which renames them
// (`a`, `B`, `$a`, ...) and prints the mapping as JSON; this script rewrites the glue's import
// object keys, its import module name and its `wasm.<export>` accesses to match.
// Measured with `make size`: -3,785 B gzip for the package (2,124 B of .wasm, 1,661 B of index.js).
//
// Usage: node scripts/minify-names.mjs MAPPING.json OLD.wasm NEW.wasm GLUE.js (GLUE.js rewritten in place)
import fs from 'node:fs';

const [mappingFile, oldWasm, newWasm, glueFile] = process.argv.slice(2);
const mapping = JSON.parse(fs.readFileSync(mappingFile, 'utf8'));
const importsOf = (file) => WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(file)));
const before = importsOf(oldWasm);
const after = importsOf(newWasm);
let glue = fs.readFileSync(glueFile, 'utf8');

const escape = (s) => s.replace(/[$.*+?^()[\]{}|\\]/g, '\\$&');
/** Replaces every whole-word `from` (after `prefix`) with `to`; unless `optional`, fails without one. */
function rename(prefix, from, to, optional = false) {
  const re = new RegExp(`(?<![\\w$])${escape(prefix + from)}(?![\\w$])`, 'g');
  let found = false;
  glue = glue.replace(re, () => { found = true; return prefix + to; });
  if (!found && !optional) throw new Error(`minify-names: ${prefix}${from} not found in ${glueFile}`);
}

// Imports keep their order; wasm-opt does not print module renames, so they are read by position.
if (before.length !== after.length) throw new Error('minify-names: the import count changed');
const modules = new Map();
before.forEach((imp, i) => modules.set(imp.module, after[i].module));
// An inline_js function the wasm imports as it is (no glue wrapper, e.g. `session_memo::resolved`)
// is passed in its snippet's namespace object (`"./snippets/…/inline0.js": import1`). The minified
// .wasm takes every import from one module, so such functions join the glue's entry under their new
// names (`"a": {...import0, "b": import1.resolved}`) and the snippet's entry goes.
const direct = [];
for (const [module, from, to] of mapping.imports) {
  if (!before.some((imp) => imp.module === module && imp.name === from)) {
    throw new Error(`minify-names: ${module} ${from} is not an import of ${oldWasm}`);
  }
  if (module.startsWith('./snippets/')) direct.push([module, from, to]);
  else rename('', from, to);
}
const entry = (module) => new RegExp(`${escape(JSON.stringify(module))}: ([\\w$]+),?`);
const namespace = (module) => glue.match(entry(module))?.[1] ??
  (() => { throw new Error(`minify-names: no import object entry for ${module} in ${glueFile}`); })();
const own = [...modules.keys()].find((m) => !m.startsWith('./snippets/'));
if (direct.length) {
  if (new Set(modules.values()).size !== 1) throw new Error('minify-names: expected one import module');
  const extra = direct.map(([module, from, to]) => `${JSON.stringify(to)}: ${namespace(module)}.${from}`);
  for (const module of new Set(direct.map(([module]) => module))) glue = glue.replace(entry(module), '');
  glue = glue.replace(entry(own), (_, ns) => `${JSON.stringify(own)}: {...${ns}, ${extra.join(', ')}},`);
}
rename('', JSON.stringify(own), JSON.stringify(modules.get(own)));
// Some exports (wasm-bindgen's abort hooks) are not used by the glue.
for (const [from, to] of mapping.exports) rename('wasm.', from, to, true);
fs.writeFileSync(glueFile, glue);
