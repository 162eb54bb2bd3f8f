// Injected into the Node builds (scripts/build-pkg.sh): the glue's free `crypto` becomes Node's Web Crypto,
// which Node 18 does not expose as a global (19+ do). Without it, ids and OAuth states would fall back
// to Math.random.
export { webcrypto as crypto } from 'node:crypto';
