// Removes Rust's panic and formatting machinery from the wasm-bindgen output before wasm-opt, the job
// `wasm-snip --snip-rust-panicking-code --snip-rust-fmt-code` does (wasm-snip itself cannot read this
// module: it predates reference types). Uses the binaryen.js API of npm `binaryen`, already a dependency.
//
// 1. Every function of std's and core's panic path gets the body `unreachable`. The package is built with
//    `panic = "abort"` and a panic message goes nowhere on wasm32-unknown-unknown, so a panic already ends
//    in that trap; it now gets there without the hook, the payload boxes and the message formatting.
// 2. With the panic path gone, nothing may call `core::fmt::write` any more: the package formats no
//    strings at run time (numbers go through JS `Number#toString`, messages are concatenated). The script
//    checks this and fails the build otherwise. The `Display`/`Debug`/`fmt::Write` functions that are left
//    stay only because vtables in the function table name them, and without `fmt::write` no `Formatter`
//    exists to call them with, so they get `unreachable` too.
// Measured with `make size` on 2026-11-30 (main after the edge and core size work): step 1 -1,482 B gzip,
// step 2 -1,613 B more.
//
// Usage: node scripts/snip-panics.mjs IN.wasm OUT.wasm   (IN must keep its name section)
import fs from 'node:fs';
import binaryen from 'binaryen';

const [input, output] = process.argv.slice(2);
const PANIC = /\b(?:core|std)(?:\[[0-9a-f]+\])?::panicking::|::rust_panic\b|::__rust_start_panic\b|::begin_panic\b/;
const FMT = /\bcore(?:\[[0-9a-f]+\])?::fmt::/;
const FMT_WRITE = /^core(?:\[[0-9a-f]+\])?::fmt::write$/;

const F = binaryen.Features;
binaryen.setDebugInfo(true); // keep the name section: wasm-opt's own run decides what to strip
const read = (bytes) => {
  const m = binaryen.readBinary(bytes);
  m.setFeatures(F.BulkMemory | F.ReferenceTypes | F.SignExt | F.NontrappingFPToInt | F.MutableGlobals | F.Multivalue);
  return m;
};

/** Gives every defined function whose name matches `re` the body `unreachable`; returns how many. */
function snip(m, re) {
  let count = 0;
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const f = m.getFunctionByIndex(i);
    const { name, module } = binaryen.getFunctionInfo(f);
    if (!module && re.test(name)) {
      binaryen.Function.setBody(f, m.unreachable());
      count++;
    }
  }
  return count;
}

const names = (m) => Array.from({ length: m.getNumFunctions() }, (_, i) => binaryen.getFunctionInfo(m.getFunctionByIndex(i)).name);

const m = read(fs.readFileSync(input));
if (!names(m).some((n) => PANIC.test(n))) throw new Error(`snip-panics: ${input} has no function names (or no panic path)`);
const panics = snip(m, PANIC);

// Does anything but the formatting machinery itself call `fmt::write`? Ask a copy in which the panic
// path and every formatting function except `fmt::write` are gone, with the dead code removed.
const probe = read(m.emitBinary());
snip(probe, new RegExp(`(?!${FMT_WRITE.source})${FMT.source}`));
probe.runPasses(['remove-unused-module-elements']);
const writers = names(probe).filter((n) => FMT_WRITE.test(n));
probe.dispose();
if (!names(m).some((n) => FMT_WRITE.test(n))) throw new Error(`snip-panics: no core::fmt::write in ${input}; look again`);
if (writers.length) {
  throw new Error('snip-panics: something outside the panic path calls core::fmt::write: the package formats strings '
    + 'at run time (format!, to_string on a number, a Debug print...). Build the string another way.');
}
const fmt = snip(m, FMT);
fs.writeFileSync(output, m.emitBinary());
m.dispose();
console.error(`snip-panics: ${panics} panic and ${fmt} formatting functions replaced by unreachable`);
