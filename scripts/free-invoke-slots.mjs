// Frees the function-table slots that hold wasm-bindgen's closure invoke shims, so that the shims no
// caller reaches are removed by wasm-opt.
//
// wasm-bindgen's macro describes a closure type to the CLI by taking its invoke shim's address
// (`inform(invoke::<A, R> as usize)` in `convert/closures.rs`), which puts the shim in the table. The
// describe function of every import is linked, so every closure type of every js-sys import with a
// closure argument (`Array#forEach`, `Set#forEach`, the typed arrays' `find`, ...) left a shim in the
// table: 46 slots and about 1.3 KB of code this package never calls. The CLI removes the describe
// functions but not the slots, and wasm-opt must keep whatever the table holds.
//
// Nothing calls an invoke shim through the table: the 0.2.130 glue calls the shims it uses through
// their exports (the CLI exports each one a closure of the package needs), and no Rust code calls a
// shim through a pointer. Each such slot gets one function that traps instead, so every other slot
// keeps its index (the vtables in the data segments refer to slots by index). The script fails if
// the module exports its table (the glue could then read slots) or if no slot is found (a new
// wasm-bindgen version must be looked at again). Measured with `make size`: -397 B gzip.
//
// Usage: node scripts/free-invoke-slots.mjs IN.wasm OUT.wasm (IN.wasm must keep its name section)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [input, output] = process.argv.slice(2);
const bin = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules', '.bin');
const features = ['--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-mutable-globals', '--enable-multivalue'];
const fail = (why) => { throw new Error(`free-invoke-slots: ${why}`); };

const module = new WebAssembly.Module(fs.readFileSync(input));
if (WebAssembly.Module.exports(module).some((e) => e.kind === 'table')) fail(`${input} exports its table`);

const wat = execFileSync(path.join(bin, 'wasm-dis'), [input], { maxBuffer: 1 << 30, encoding: 'utf8' }).split('\n');
const TRAP = '$free_invoke_slot';
// A function name in the text format: `$name` or `$"name with \"escapes\""`.
const NAME = /\$"(?:[^"\\]|\\.)*"|\$[^\s()"]+/g;
let freed = 0;
let table = -1;
for (let i = 0; i < wat.length; i++) {
  if (/^\s*\(table /.test(wat[i])) table = i;
  const elem = /^(\s*\(elem \$\S+ \(i32\.const \d+\) )(.*)\)$/.exec(wat[i]);
  if (!elem) continue;
  wat[i] = elem[1] + elem[2].replace(NAME, (name) => {
    if (!name.includes('convert::closures::_::invoke::<')) return name;
    freed += 1;
    return TRAP;
  }) + ')';
}
if (table < 0 || freed === 0) fail(`no invoke shim found in the table of ${input} (is its name section kept?)`);
wat.splice(table + 1, 0, ` (func ${TRAP} (unreachable))`);

const tmp = `${output}.wat`;
fs.writeFileSync(tmp, wat.join('\n'));
execFileSync(path.join(bin, 'wasm-as'), [tmp, '-g', ...features, '-o', output], { stdio: 'inherit' });
fs.rmSync(tmp);
console.log(`free-invoke-slots: ${freed} table slots of unused closure invoke shims freed`);
