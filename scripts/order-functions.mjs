// Orders the module's functions so that gzip compresses them better. Deflate finds repeats only in the
// 32 KB before the byte it codes, and its cost of a repeat grows with the distance, so a function
// compresses best right after the functions most like it. rustc and wasm-opt lay functions out in an
// order of their own (crate, then call graph; a random order is about 1,700 B larger). This script:
// 1. lays them out greedily: each next function is the one that adds the fewest deflated bytes,
//    relative to its size alone, after the last 2 KB of the functions placed so far (windows of 1 to
//    4 KB, or the last 8 or 32 KB as zlib's preset dictionary, land within 50 B of it): -597 B gzip;
// 2. then moves blocks of functions, keeping each move that shrinks the deflated code section:
//    -324 B gzip in 12,000 moves (about 40 s; 6,000 moves -247 B).
// Only the code section's order changes: functions are referred to by name in the text format, so
// calls, exports and the table are renumbered by wasm-as, and the module does exactly what it did
// (checked: the text gives back the input byte for byte in its own order). Deterministic: the costs
// are Node's own zlib, ties go to the earlier order, the moves follow a fixed pseudo-random sequence.
//
// Usage: node scripts/order-functions.mjs IN.wasm OUT.wasm (OUT is IN's order when that is smaller)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [input, output] = process.argv.slice(2);
const bin = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules', '.bin');
const features = ['--enable-bulk-memory', '--enable-reference-types', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-mutable-globals', '--enable-multivalue'];
const WINDOW = 2048;
const MOVES = 12000;
const fail = (why) => { throw new Error(`order-functions: ${why}`); };

/** The bodies of the code section, in order (each as its bytes, locals included). */
function bodies(wasm) {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    if (id !== 10) { at += size; continue; }
    const list = [];
    for (let count = leb(); count > 0; count--) {
      const length = leb();
      list.push(wasm.subarray(at, at + length));
      at += length;
    }
    return list;
  }
  fail('no code section');
}

const deflated = (bytes) => zlib.deflateRawSync(bytes, { level: 6 }).length;

/** The greedy order: indices into `code`. */
function greedyOrder(code) {
  const alone = code.map(deflated);
  const left = new Set(code.keys());
  const order = [];
  let window = new Uint8Array(0);
  for (let next = 0; ; ) {
    order.push(next);
    left.delete(next);
    window = Buffer.concat([window, code[next]]).subarray(-WINDOW);
    if (left.size === 0) return order;
    const base = deflated(window);
    let best = Infinity;
    for (const i of left) {
      const cost = (deflated(Buffer.concat([window, code[i]])) - base) / (alone[i] || 1);
      if (cost < best) [best, next] = [cost, i];
    }
  }
}

/**
 * `code`'s order improved by moving blocks of up to 8 adjacent functions elsewhere, each move kept
 * when the deflated code section shrinks: the greedy choice sees only the next function, a move sees
 * the whole. `moves` moves, chosen by a fixed pseudo-random sequence (the same on every build).
 */
function searched(code, moves) {
  const cost = (order) => zlib.deflateRawSync(Buffer.concat(order.map((i) => code[i])), { level: 9 }).length;
  let order = [...code.keys()];
  let best = cost(order);
  let seed = 1;
  const random = (below) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % below;
  };
  for (let move = 0; move < moves; move++) {
    const length = 1 + random(8);
    const from = random(order.length - length);
    const block = order.slice(from, from + length);
    const rest = [...order.slice(0, from), ...order.slice(from + length)];
    const to = random(rest.length + 1);
    const candidate = [...rest.slice(0, to), ...block, ...rest.slice(to)];
    const c = cost(candidate);
    if (c < best) [best, order] = [c, candidate];
  }
  return order;
}

/** The top-level forms of `file`'s text (each starts on a line indented by one space), as lines. */
function forms(file) {
  const lines = execFileSync(path.join(bin, 'wasm-dis'), [...features, file], { maxBuffer: 1 << 30, encoding: 'utf8' })
    .trimEnd().split('\n');
  if (lines[0] !== '(module' || lines.at(-1) !== ')') fail(`unexpected text of ${file}`);
  const list = [];
  for (const line of lines.slice(1, -1)) {
    if (line.startsWith(' (')) list.push([line]);
    else list.at(-1).push(line);
  }
  return list;
}

const isFunc = (form) => form[0].startsWith(' (func ');

/** The module of `all` (its forms) with its functions in `order`, assembled into `output`. */
function assemble(all, order) {
  const funcs = all.filter(isFunc);
  const first = all.findIndex(isFunc);
  const text = ['(module', ...all.slice(0, first).flat(), ...order.map((i) => funcs[i]).flat(),
    ...all.slice(first).filter((form) => !isFunc(form)).flat(), ')'].join('\n');
  const wat = `${output}.wat`;
  fs.writeFileSync(wat, text);
  execFileSync(path.join(bin, 'wasm-as'), [...features, wat, '-o', output]);
  fs.rmSync(wat);
  return fs.readFileSync(output);
}

/** `wasm` with its functions in the order `choose` gives for its code section's bodies. */
function reordered(wasm, choose) {
  fs.writeFileSync(output, wasm);
  return assemble(forms(output), choose(bodies(wasm)));
}

const gz = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
let best = fs.readFileSync(input);
const start = gz(best);
// The text must give back the module byte for byte in its own order, or a binaryen update changed
// what the round trip keeps.
const text = forms(input);
if (text.filter(isFunc).length !== bodies(best).length) fail(`the text and the code section of ${input} differ`);
if (!assemble(text, [...bodies(best).keys()]).equals(best)) fail(`${input} does not survive the text round trip`);
// The greedy order is estimated on the bodies as they are, whose calls still number the functions
// in the old order; so it is estimated again on the result while that still shrinks (one or two
// rounds), then the search starts from it. Each step is kept only when the module shrinks.
let size = start;
const keep = (next) => {
  const s = gz(next);
  if (s >= size) return false;
  [best, size] = [next, s];
  return true;
};
let rounds = 0;
while (rounds < 4 && keep(reordered(best, greedyOrder))) rounds++;
const searchKept = keep(reordered(best, (code) => searched(code, MOVES)));
fs.writeFileSync(output, best);
console.log(`order-functions: ${rounds} greedy rounds, ${searchKept ? '' : 'no '}search, ${start} -> ${size} B gzip (Node's zlib)`);
