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
for (const [module, from, to] of mapping.imports) {
  if (!before.some((imp) => imp.module === module && imp.name === from)) {
    throw new Error(`minify-names: ${module} ${from} is not an import of ${oldWasm}`);
  }
  rename('', from, to);
}
for (const [from, to] of modules) rename('', JSON.stringify(from), JSON.stringify(to));
// Some exports (wasm-bindgen's abort hooks) are not used by the glue.
for (const [from, to] of mapping.exports) rename('wasm.', from, to, true);
fs.writeFileSync(glueFile, glue);
