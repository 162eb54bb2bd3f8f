// Injected into the CommonJS build (scripts/build-pkg.sh): `import.meta.url` of the ES sources,
// which locates the .wasm next to the file.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
