// `make bench`: our package and the official @cloudbase/js-sdk@3.7.0 side by side, alternately, in
// one headless Chromium against one emulator (EMULATOR_URL, started by bench/bench.sh). Prints one
// table: metric, runs, ours, official, ratio (ours / official; below 1 means ours is smaller/faster,
// except calls/s where above 1 is better). Spread: min–max, or median / p95 for round trips.
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serveStatic, ROOT } from '../scripts/serve.mjs';
import { median, percentile, spread } from './stats.mjs';

const EMU = process.env.EMULATOR_URL;
if (!EMU) throw new Error('EMULATOR_URL is not set; run `make bench` (bench/bench.sh starts the emulator)');
const RUNS = {
  cold: Number(process.env.BENCH_COLD_RUNS ?? 25),
  rate: Number(process.env.BENCH_RATE_RUNS ?? 40),
  trips: Number(process.env.BENCH_TRIPS ?? 60),
  cycles: Number(process.env.BENCH_CYCLES ?? 1000),
};
const SDKS = ['ours', 'official'];
const PASSWORD = 'bench-password-1';
const loadBefore = os.loadavg();

/** Both SDKs in the order of run `i`, so neither always goes first. */
const alternate = (i) => (i % 2 ? [...SDKS].reverse() : SDKS);

// gzip -9 for JS and wasm alike, as a static host serves precompressed files.
const server = await serveStatic({
  mounts: { '/bench/': path.join(ROOT, 'bench/pages'), '/pkg/': path.join(ROOT, 'pkg'), '/sdk/': path.join(ROOT, 'target/sdk') },
  gzip: true,
});
const launch = (...extra) => chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', ...extra],
});
const browser = await launch();

const rows = [];
try {
  rows.push(sizeRow());
  // One env and one browser context (own localStorage) per SDK; each has a stored session from a
  // password sign-in, as a returning user's tab would.
  const tabs = {};
  for (const sdk of SDKS) {
    const env = `bench-${sdk}-${Date.now().toString(36)}`;
    await emulator('POST', '/_emulator/users', { env, email: `${sdk}@bench.example`, password: PASSWORD });
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = `${server.url}/bench/${sdk}.html?${new URLSearchParams({ env, emu: EMU })}`;
    await load(page, url);
    await signIn(page, sdk, 'password');
    tabs[sdk] = { context, page, url, email: `${sdk}@bench.example`, env };
  }
  rows.push(...await coldStart(tabs));
  rows.push(await cachedGetSession(tabs));
  rows.push(...await roundTrips(tabs, 'password', 'signInWithPassword'));
  rows.push(...await roundTrips(tabs, 'anonymous', 'signInAnonymously'));
  rows.push(...await memory(browser));
  // The same cycles with V8's optimising tiers off: what the JS heap gains from the JIT's own code and
  // feedback for hot functions, against what a leak of objects would add.
  const interpreted = await launch('--js-flags=--max-opt=0');
  try {
    rows.push((await memory(interpreted, ' (V8 --max-opt=0)'))[0]);
  } finally {
    await interpreted.close();
  }
} finally {
  await browser.close();
  await server.close();
}
printTable(rows);

// --- measurements -------------------------------------------------------------------------------

/** Package weight as scripts/size.sh measures it: gzip -9 of what a browser downloads. */
function sizeRow() {
  const out = execFileSync('bash', [path.join(ROOT, 'scripts/size.sh')], { encoding: 'utf8' });
  const gz = (label) => Number(out.split('\n').find((l) => l.includes(label))?.match(/(\d+) B gzip/)?.[1]);
  const ours = gz('ours, total');
  const official = gz('official @cloudbase/js-sdk');
  return { metric: 'package, gzip -9 (wasm + JS; official: app+auth, esbuild --minify)', runs: '1',
    ours: `${fmt(ours)} B`, official: `${fmt(official)} B`, ratio: ours / official };
}

/**
 * Loads an SDK page and returns its `window.__bench`. The page says when it is done by a console
 * message: polling it (`waitForFunction`) compiles Playwright's injected script in the page, 8 ms of
 * main-thread time that lands inside the timed start of whichever SDK is still starting.
 */
async function load(page, url) {
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:done', timeout: 30000 });
  await page.goto(url);
  await done;
  const r = await page.evaluate(() => window.__bench);
  if (r.error && r.signedIn) throw new Error(`getSession failed: ${r.error}`);
  return r;
}

/**
 * Cold start, navigation → first getSession() resolved, signed in: RUNS.cold page loads of each
 * variant, in rotation.
 * - A new tab per load, the SDK's only tab (its stored session in the context's localStorage): a
 *   returning user opening the app. Also init() → first getSession() of these loads.
 * - The same pages with preload hints (bench/pages/*-hints.html), in new tabs.
 * - The official SDK's auth path alone (app + auth, bench/pages/official-auth.html), in new tabs.
 * - A reload of the SDK's open tab, which also counts unloading the previous page.
 * - The page around an SDK stub (bench/pages/stub-sdk.js), in new tabs and reloaded: the part of the
 *   navigation figure that is the page's own and no SDK can remove.
 */
async function coldStart(tabs) {
  const floorContext = await browser.newContext();
  const floorUrl = `${server.url}/bench/floor.html?${new URLSearchParams({ env: 'floor', emu: EMU })}`;
  const hints = (sdk) => tabs[sdk].url.replace(`/${sdk}.html`, `/${sdk}-hints.html`);
  const newTab = (context, url) => async () => {
    const page = await context.newPage();
    try { return await load(page, url); } finally { await page.close(); }
  };
  const floorPage = await floorContext.newPage();
  const reload = (page, url) => () => load(page, url);
  const rounds = async (variants) => {
    const nav = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    const init = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    for (const run of Object.values(variants)) await run(); // warm-up, not counted
    const names = Object.keys(variants);
    for (let i = 0; i < RUNS.cold; i++) {
      for (const name of i % 2 ? [...names].reverse() : names) {
        const r = await variants[name]();
        if (!r.signedIn) throw new Error(`${name}: the stored session was not found on load`);
        nav[name].push(r.nav);
        init[name].push(r.init);
      }
    }
    return { nav, init };
  };
  const reloaded = await rounds({
    ours: reload(tabs.ours.page, tabs.ours.url), official: reload(tabs.official.page, tabs.official.url),
    floor: reload(floorPage, floorUrl),
  });
  // Each SDK's own tab is closed meanwhile, so that every new tab is its SDK's only one.
  for (const sdk of SDKS) await tabs[sdk].page.close();
  const fresh = await rounds({
    ours: newTab(tabs.ours.context, tabs.ours.url), official: newTab(tabs.official.context, tabs.official.url),
    floor: newTab(floorContext, floorUrl),
    'ours-hints': newTab(tabs.ours.context, hints('ours')), 'official-hints': newTab(tabs.official.context, hints('official')),
    'official-auth': newTab(tabs.official.context, tabs.official.url.replace('/official.html', '/official-auth.html')),
  });
  for (const sdk of SDKS) {
    tabs[sdk].page = await tabs[sdk].context.newPage();
    await load(tabs[sdk].page, tabs[sdk].url);
  }
  await floorContext.close();
  const floorRows = (label, { nav }) => {
    const floor = median(nav.floor);
    const own = (sdk) => median(nav[sdk]) - floor;
    return [
      { metric: `… of which the page itself (same page, an SDK stub), ${label}, median`, runs: String(RUNS.cold),
        ours: `${floor.toFixed(1)} ms (${spread(nav.floor, (x) => x.toFixed(1))})`, official: 'same', ratio: null },
      { metric: `… the rest, the SDK's own part (median − page itself), ${label}`, runs: String(RUNS.cold),
        ours: `${own('ours').toFixed(1)} ms`, official: `${own('official').toFixed(1)} ms`, ratio: own('ours') / own('official') },
    ];
  };
  return [
    timeRow('navigation → first getSession() resolved (signed in), new tab', fresh.nav, RUNS.cold),
    ...floorRows('new tab', fresh),
    timeRow('navigation → first getSession() resolved, new tab, page with preload hints',
      { ours: fresh.nav['ours-hints'], official: fresh.nav['official-hints'] }, RUNS.cold),
    timeRow('navigation → first getSession() resolved, new tab, official SDK as app + auth only',
      { ours: fresh.nav.ours, official: fresh.nav['official-auth'] }, RUNS.cold),
    timeRow('navigation → first getSession() resolved, reload of an open tab', reloaded.nav, RUNS.cold),
    ...floorRows('reload', reloaded),
    timeRow('init() → first getSession() resolved, new tab', fresh.init, RUNS.cold, 2),
  ];
}

/**
 * Sequential `await auth.getSession()` calls, signed in: RUNS.rate windows of 250 ms each, the SDKs
 * alternating window by window so that both see the same background load.
 */
async function cachedGetSession(tabs) {
  const rate = { ours: [], official: [] };
  for (let i = 0; i < RUNS.rate; i++) {
    for (const sdk of alternate(i)) {
      rate[sdk].push(await tabs[sdk].page.evaluate(async () => {
        let n = 0;
        const end = performance.now() + 250;
        while (performance.now() < end) {
          const { error } = await window.auth.getSession();
          if (error) throw new Error(error.message);
          n++;
        }
        return n * 4;
      }));
    }
  }
  const m = { ours: median(rate.ours), official: median(rate.official) };
  return { metric: 'cached getSession() calls/s (higher is better)', runs: `${RUNS.rate} × 250 ms`,
    ours: `${fmt(m.ours)} (${spread(rate.ours, fmt)})`, official: `${fmt(m.official)} (${spread(rate.official, fmt)})`,
    ratio: m.ours / m.official };
}

/** Signs a tab in (untimed helper). */
function signIn(page, sdk, how) {
  return page.evaluate((args) => window.signIn(...args), [how, `${sdk}@bench.example`, PASSWORD]);
}

/** Signed out, then a timed sign-in; RUNS.trips per SDK, alternating. Median and p95 rows. */
async function roundTrips(tabs, how, label) {
  const ms = { ours: [], official: [] };
  for (let i = 0; i < RUNS.trips; i++) {
    for (const sdk of alternate(i)) {
      ms[sdk].push(await tabs[sdk].page.evaluate(async ([how, email, password]) => {
        await window.auth.signOut();
        const t = performance.now();
        await window.signIn(how, email, password);
        return performance.now() - t;
      }, [how, tabs[sdk].email, PASSWORD]));
    }
  }
  const row = (name, f) => ({ metric: `${label}() round trip, ${name}`, runs: String(RUNS.trips),
    ours: `${f(ms.ours).toFixed(1)} ms`, official: `${f(ms.official).toFixed(1)} ms`, ratio: f(ms.ours) / f(ms.official) });
  return [row('median', median), row('p95', (a) => percentile(a, 95))];
}

/**
 * Memory after RUNS.cycles anonymous sign-in / sign-out cycles vs after the first 10: JS heap (CDP
 * Performance.getMetrics JSHeapUsedSize after HeapProfiler.collectGarbage) plus the byte length of
 * every wasm memory the page instantiated (none for the official SDK). Each SDK in a fresh tab of `browser`;
 * `label` names a browser launched with other flags.
 */
async function memory(browser, label = '') {
  const result = {};
  for (const sdk of SDKS) {
    const env = `bench-mem-${sdk}-${Date.now().toString(36)}`;
    const context = await browser.newContext();
    await context.addInitScript(() => {
      // Record the memory of every wasm instance (wasm-bindgen keeps its own reference private).
      window.__wasmMemories = [];
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        WebAssembly[name] = async function (...args) {
          const r = await original.apply(this, args);
          const exports = (r.instance ?? r).exports;
          // By type, not by name: the build minifies export names (`memory` included).
          for (const v of Object.values(exports ?? {})) if (v instanceof WebAssembly.Memory) window.__wasmMemories.push(v);
          return r;
        };
      }
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await load(page, `${server.url}/bench/${sdk}.html?${new URLSearchParams({ env, emu: EMU })}`);
    // Anonymous sign-ins: the same session path as a password sign-in without the emulator's
    // argon2 check, so 1,000 cycles take about a minute.
    const cycles = (n) => page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) {
        await window.signIn('anonymous');
        const b = await window.auth.signOut();
        if (b.error) throw new Error(`sign-out ${i}: ${b.error.code || b.error.message}`);
      }
    }, n);
    const measure = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
      const wasm = await page.evaluate(() => window.__wasmMemories.reduce((s, m) => s + m.buffer.byteLength, 0));
      return { heap, wasm, total: heap + wasm };
    };
    await cycles(10);
    const first = await measure();
    await cycles(RUNS.cycles - 10);
    const last = await measure();
    result[sdk] = { first, last };
    await context.close();
  }
  const growth = (sdk, k) => (result[sdk].last[k] - result[sdk].first[k]) / result[sdk].first[k];
  const cell = (sdk, k) => (result[sdk].first[k] === 0 ? 'none'
    : `${kib(result[sdk].first[k])} → ${kib(result[sdk].last[k])} (${pct(growth(sdk, k))})`);
  return [
    { metric: `JS heap after 10 → ${RUNS.cycles} sign-in/sign-out cycles${label}`, runs: '1',
      ours: cell('ours', 'heap'), official: cell('official', 'heap'), ratio: null },
    { metric: `wasm memory after 10 → ${RUNS.cycles} cycles`, runs: '1', ours: cell('ours', 'wasm'), official: cell('official', 'wasm'), ratio: null },
    { metric: `JS heap + wasm memory after 10 → ${RUNS.cycles} cycles (target: at most +10 %)`, runs: '1',
      ours: cell('ours', 'total'), official: cell('official', 'total'), ratio: result.ours.last.total / result.official.last.total },
  ];
}

// --- helpers ------------------------------------------------------------------------------------

async function emulator(method, p, body) {
  const res = await fetch(EMU + p, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${p} -> ${res.status} ${await res.text()}`);
  return res.json();
}

function timeRow(metric, ms, runs, digits = 1) {
  const m = { ours: median(ms.ours), official: median(ms.official) };
  const cell = (sdk) => `${m[sdk].toFixed(digits)} ms (${spread(ms[sdk], (x) => x.toFixed(digits))})`;
  return { metric: `${metric}, median`, runs: String(runs), ours: cell('ours'), official: cell('official'), ratio: m.ours / m.official };
}

function fmt(n) { return Math.round(n).toLocaleString('en-US'); }
function kib(b) { return `${(b / 1024).toFixed(0)} KiB`; }
function pct(x) { return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`; }

function printTable(rows) {
  const chromiumVersion = browser.version();
  const lines = [
    `| metric | runs | ours (spread) | official 3.7.0 (spread) | ratio |`,
    `|---|---|---|---|---|`,
    ...rows.map((r) => `| ${r.metric} | ${r.runs} | ${r.ours} | ${r.official} | ${r.ratio == null ? '' : r.ratio.toFixed(2)} |`),
  ];
  console.log(lines.join('\n'));
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nChromium ${chromiumVersion} headless, ${os.cpus().length} cores; load average before ${load(loadBefore)}, after ${load(os.loadavg())}.`);
  console.log('Spread: (min–max). Ratio: ours / official.');
}
