// Minimal static file server for the demo and the page-level tests (no dependencies).
// Mounts URL prefixes on folders; serves .wasm as application/wasm so browsers stream-compile it.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ts': 'text/plain; charset=utf-8',
};

/** Repository root (this file lives in scripts/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Types a static host compresses (text and wasm; images are compressed already). */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm))/;

/**
 * Starts a server. `mounts` maps URL prefixes ('/pkg/') to folders; '/' is the fallback mount.
 * With `gzip`, compressible files go out gzip -9 encoded to clients that accept it, compressed once
 * per file version, as a static host serving precompressed files does (`make bench`).
 * Resolves to { url, close() }. Port 0 picks a free port.
 */
export function serveStatic({ port = 0, host = '127.0.0.1', mounts, gzip = false }) {
  const gzipped = new Map(); // file -> { mtimeMs, body }
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = entries.find(([prefix]) => urlPath.startsWith(prefix));
    if (!mount) return notFound(res);
    const [prefix, dir] = mount;
    let file = path.join(dir, urlPath.slice(prefix.length));
    if (!file.startsWith(path.resolve(dir))) return notFound(res); // no escaping the mount with ../
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    // Clean URLs: /dashboard serves dashboard.html (the docs' phone page redirects to "/dashboard").
    else if (!path.extname(file) && fs.existsSync(file + '.html')) file += '.html';
    fs.readFile(file, (err, body) => {
      if (err) return notFound(res);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
      if (gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const mtimeMs = fs.statSync(file).mtimeMs;
        let cached = gzipped.get(file);
        if (cached?.mtimeMs !== mtimeMs) gzipped.set(file, (cached = { mtimeMs, body: zlib.gzipSync(body, { level: 9 }) }));
        Object.assign(headers, { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
        body = cached.body;
      }
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ url: `http://${host}:${p}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
}

/** The demo: www/ at / and the package (pkg/) at /pkg/. Resolves like serveStatic. */
export function serveDemo({ port = 0, host } = {}) {
  return serveStatic({ port, host, mounts: { '/': path.join(ROOT, 'www'), '/pkg/': path.join(ROOT, 'pkg') } });
}

// CLI: node scripts/serve.mjs [port]  — serves the demo.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serveDemo({ port: Number(process.argv[2] ?? 8080) });
  console.log(`demo served at ${url}/`);
}
