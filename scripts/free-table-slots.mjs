// Frees the function-table slots of code nothing calls through the table, so that wasm-opt can remove
// what only those slots kept: wasm-bindgen's closure invoke shims and js-sys's JSPI task waker.
//
// - Closure invoke shims. wasm-bindgen's macro describes a closure type to the CLI by taking its invoke
//   shim's address (`inform(invoke::<A, R> as usize)` in `convert/closures.rs`), which puts the shim in
//   the table. The describe function of every import is linked, so every closure type of every js-sys
//   import with a closure argument (`Array#forEach`, `Set#forEach`, the typed arrays' `find`, ...) left
//   a shim in the table: 46 slots and about 1.3 KB of code this package never calls. The 0.2.130 glue
//   calls the shims it uses through their exports (the CLI exports each one a closure of the package
//   needs), and no Rust code calls a shim through a pointer. -397 B gzip.
// - The JSPI task waker (`js_sys::futures::jspi::task_waker`, 4 slots). `spawn_local` runs a task under
//   JSPI only inside a JSPI context: a `#[wasm_bindgen(jspi)]` export, whose glue wraps it in
//   `WebAssembly.promising`, or a task spawned from one. The package has no such export (checked
//   below), so no waker with that vtable is ever made; the vtable's slots kept the JSPI task code.
//   -96 B gzip.
//
// The CLI removes the describe functions but not the slots, and wasm-opt must keep whatever the
// table holds. Each freed slot gets one function that traps instead, so every other slot keeps its
// index (the vtables in the data segments refer to slots by index). The script fails if the module
// exports its table (the glue could then read slots), if the glue uses JSPI, or if a kind of slot
// is not found (a new wasm-bindgen version must be looked at again).
//
// Usage: node scripts/free-table-slots.mjs IN.wasm OUT.wasm GLUE.js (IN.wasm must keep its name section)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [input, output, glueFile] = process.argv.slice(2);
const bin = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules', '.bin');
const features = ['--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-mutable-globals', '--enable-multivalue'];
const fail = (why) => { throw new Error(`free-table-slots: ${why}`); };

const module = new WebAssembly.Module(fs.readFileSync(input));
if (WebAssembly.Module.exports(module).some((e) => e.kind === 'table')) fail(`${input} exports its table`);
if (/WebAssembly\.promising|jspi/i.test(fs.readFileSync(glueFile, 'utf8'))) fail(`${glueFile} uses JSPI`);

/** What is freed: a part of the slot's function name, and how many slots held it. */
const kinds = [
  { name: 'closure invoke shims', part: 'convert::closures::_::invoke::<', freed: 0 },
  { name: 'JSPI task waker functions', part: 'futures::jspi::task_waker::', freed: 0 },
];

const wat = execFileSync(path.join(bin, 'wasm-dis'), [input], { maxBuffer: 1 << 30, encoding: 'utf8' }).split('\n');
const TRAP = '$free_table_slot';
// A function name in the text format: `$name` or `$"name with \"escapes\""`.
const NAME = /\$"(?:[^"\\]|\\.)*"|\$[^\s()"]+/g;
let table = -1;
for (let i = 0; i < wat.length; i++) {
  if (/^\s*\(table /.test(wat[i])) table = i;
  const elem = /^(\s*\(elem \$\S+ \(i32\.const \d+\) )(.*)\)$/.exec(wat[i]);
  if (!elem) continue;
  wat[i] = elem[1] + elem[2].replace(NAME, (name) => {
    const kind = kinds.find((k) => name.includes(k.part));
    if (!kind) return name;
    kind.freed += 1;
    return TRAP;
  }) + ')';
}
if (table < 0) fail(`no table in ${input}`);
for (const k of kinds) {
  if (k.freed === 0) fail(`no slot of the ${k.name} in the table of ${input} (is its name section kept?)`);
}
wat.splice(table + 1, 0, ` (func ${TRAP} (unreachable))`);

const tmp = `${output}.wat`;
fs.writeFileSync(tmp, wat.join('\n'));
execFileSync(path.join(bin, 'wasm-as'), [tmp, '-g', ...features, '-o', output], { stdio: 'inherit' });
fs.rmSync(tmp);
console.log(`free-table-slots: ${kinds.map((k) => `${k.freed} slots of ${k.name}`).join(', ')} freed`);
