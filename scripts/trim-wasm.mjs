// Post-step of scripts/build-pkg.sh: the .wasm without metadata a browser never reads.
//
// 1. Import names: wasm-bindgen names each imported JS function `__wbg_<name>_<16 hex digits of hash>`
//    and the import module `./<crate>_bg.js`; every name is written twice (the .wasm import section and
//    the glue's import object), and the hex digits do not compress. Each import gets a short base-36 id
//    and the module is renamed `a`, in the .wasm and in the glue, before the glue is bundled into
//    index.js / node.js / index.cjs. Measured with `make size`: 89,214 -> 86,311 B gzip (-2,903:
//    .wasm -1,505, index.js -1,398).
// 2. Export names: the glue reaches every export as `wasm.<name>` (`authcore_signInWithPassword`,
//    `wasm_bindgen__convert__closures_____invoke__<hash>`, ...); each is renamed to a short id, in the
//    .wasm and in those references (`memory` keeps its name): -875 B gzip.
// 3. The `producers` and `target_features` custom sections (toolchain versions, for linkers and
//    tools only) are dropped: -200 B gzip.
//
// Usage: node scripts/trim-wasm.mjs WASM GLUE_JS   (both rewritten in place)
import fs from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = fs.readFileSync(wasmPath);
let glue = fs.readFileSync(gluePath, 'utf8');

function readLeb(buf, pos) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}
function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
const name = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s)]);

// The glue's module name, from `"./x_bg.js": import0` in its import object.
const moduleMatch = glue.match(/"(\.\/[\w-]+_bg\.js)": import0/);
if (!moduleMatch) throw new Error(`trim-wasm: no glue import module found in ${gluePath}`);
const glueModule = moduleMatch[1];

const renames = new Map();
const exportRenames = new Map();
const parts = [wasm.subarray(0, 8)];
let pos = 8;
while (pos < wasm.length) {
  const id = wasm[pos];
  const [size, start] = readLeb(wasm, pos + 1);
  const end = start + size;
  if (id === 0) {
    const [len, at] = readLeb(wasm, start);
    const custom = wasm.toString('utf8', at, at + len);
    if (custom !== 'producers' && custom !== 'target_features') parts.push(wasm.subarray(pos, end));
    pos = end;
    continue;
  }
  if (id === 7) {
    const [count, first] = readLeb(wasm, start);
    const body = [leb(count)];
    let p = first;
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = readLeb(wasm, p);
      const field = wasm.toString('utf8', p, p + len);
      p += len;
      const descStart = p++; // kind, then the index
      [, p] = readLeb(wasm, p);
      const short = field === 'memory' ? field : `$${i.toString(36)}`;
      if (short !== field) exportRenames.set(field, short);
      body.push(name(short), wasm.subarray(descStart, p));
    }
    const section = Buffer.concat(body);
    parts.push(Buffer.from([7]), leb(section.length), section);
    pos = end;
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(pos, end));
    pos = end;
    continue;
  }
  const [count, first] = readLeb(wasm, start);
  const body = [leb(count)];
  let p = first;
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = readLeb(wasm, p);
    const module = wasm.toString('utf8', p, p + len);
    p += len;
    [len, p] = readLeb(wasm, p);
    const field = wasm.toString('utf8', p, p + len);
    p += len;
    // The import's description (kind and type), copied as it is.
    const descStart = p;
    const kind = wasm[p++];
    if (kind === 0) [, p] = readLeb(wasm, p);
    else if (kind === 1 || kind === 2) {
      if (kind === 1) p++; // reference type
      const flags = wasm[p++];
      [, p] = readLeb(wasm, p);
      if (flags & 1) [, p] = readLeb(wasm, p);
    } else if (kind === 3) p += 2;
    else if (kind === 4) [, p] = readLeb(wasm, p + 1); // tag: attribute, type
    else throw new Error(`trim-wasm: unknown import kind ${kind}`);
    const desc = wasm.subarray(descStart, p);
    if (module === glueModule) {
      const short = `_${renames.size.toString(36)}`;
      renames.set(field, short);
      body.push(name('a'), name(short), desc);
    } else {
      body.push(name(module), name(field), desc);
    }
  }
  const section = Buffer.concat(body);
  parts.push(Buffer.from([2]), leb(section.length), section);
  pos = end;
}

// Keys of the glue's import object: `        __wbg_x_0123…: function(`; each must be found exactly once.
for (const [from, to] of renames) {
  const key = new RegExp(`^(\\s+)${from}(: function\\b)`, 'm');
  if (!key.test(glue)) throw new Error(`trim-wasm: import ${from} not found in ${gluePath}`);
  glue = glue.replace(key, `$1${to}$2`);
}
glue = glue.replace(`"${glueModule}": import0`, 'a: import0');
// Export references: `wasm.<name>` not followed by another identifier character.
for (const [from, to] of exportRenames) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${from.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), `wasm.${to}`);
}
const left = [...exportRenames.keys()].filter((from) => glue.includes(`wasm.${from}`));
if (left.length) throw new Error(`trim-wasm: exports still referenced by their old names: ${left}`);
fs.writeFileSync(wasmPath, Buffer.concat(parts));
fs.writeFileSync(gluePath, glue);
