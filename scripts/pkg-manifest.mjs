// Post-step of scripts/build-pkg.sh: wasm-pack's pkg/package.json names the raw wasm-bindgen glue as the
// entry; point it at the hand-written entry and types instead. Name, version, description and licence stay
// wasm-pack's (from Cargo.toml); the entry fields come from js/package.json, the one place they are written.
import fs from 'node:fs';

const generated = JSON.parse(fs.readFileSync('pkg/package.json', 'utf8'));
const entry = JSON.parse(fs.readFileSync('js/package.json', 'utf8'));
const { name, version, description, license, repository } = generated;
const manifest = { name, version, description, license, repository, ...entry };
for (const file of manifest.files) {
  if (!fs.existsSync(`pkg/${file}`)) throw new Error(`pkg-manifest: js/package.json lists ${file}, which pkg/ lacks`);
}
fs.writeFileSync('pkg/package.json', JSON.stringify(manifest, null, 2) + '\n');
