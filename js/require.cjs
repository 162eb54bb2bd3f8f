// CommonJS entry (`require('cloudbase-auth-wasm')` in Node): like the official package's, it returns the
// cloudbase object itself; the named exports are properties of it, and `.default` is it again.
const { default: cloudbase, ...named } = require('./node.js');

module.exports = Object.assign(cloudbase, named, { default: cloudbase });
