// Benchmark of the projects list with a 10,000-project organisation.
//
// Starts the API server on a fresh database with 10,000 generated projects,
// drives the release build of the console in headless Chromium, and compares
// it, in the same browser session, with a plain-JavaScript page that loads
// the same 10,000 names and filters them in memory. Prints ratios
// (console / plain): main-thread time per filter keystroke, time from
// navigation to the first rows (on a first visit, then, after staying three
// seconds, on a second one with the assets and the compiled WebAssembly
// cached, and on a third, with the compiled JavaScript cached too), and
// any long task (> 50 ms) while typing, and while opening a page whose code
// has not been fetched yet (which must show a loading line or the page, never
// an empty main area). It prints the bundle's sizes first. A third page, the plain one held
// until the console's stylesheets and script are loaded and its WebAssembly
// compiled, shows how much of the start is the bundle alone.
//
// Run with `make bench` (after `make test` or `make run` has installed the
// tools and built the console). BENCH_DIST=<folder> measures another build
// of the console than dist/; BENCH_BASELINE=<folder> also measures that
// build in every round, served by a second server on the same database, and
// prints the console's ratios to it: how a change moved the figures,
// measured in the same moments of the machine. BENCH_NETWORK=<Mbit/s>/<ms>
// (e.g. 10/40) throttles every page's network to that bandwidth and round
// trip, where the size of what is downloaded shows (the plain pages' own
// document is not throttled: a round trip in their favour).

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, PASSWORD, root, startServer } from './server.mjs';
import { budget, measure as bundleSize } from '../scripts/bundle-size.mjs';

const require = createRequire(path.join(root, 'end2end', 'package.json'));
const { chromium } = require('playwright-core');

const PORT = Number(process.env.BENCH_PORT ?? 8097);
const BASE = `http://127.0.0.1:${PORT}`;
const BASELINE = process.env.BENCH_BASELINE;
const NETWORK = process.env.BENCH_NETWORK?.match(/^(\d+(?:\.\d+)?)\/(\d+)$/);
if (process.env.BENCH_NETWORK && !NETWORK) throw new Error('BENCH_NETWORK is <Mbit/s>/<ms>, e.g. 10/40');

/** Throttles `page`'s network as BENCH_NETWORK says, if it says. */
async function throttle(page) {
  if (!NETWORK) return;
  const bytesPerSecond = (Number(NETWORK[1]) * 1_000_000) / 8;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: Number(NETWORK[2]), downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond,
  });
}
// Cookies do not depend on the port: one sign-in serves both servers.
const BASELINE_BASE = `http://127.0.0.1:${PORT + 1}`;
const PROJECTS = 10_000;
const QUERY = 'staging-eu';
// Rounds of the pages, one after the other; BENCH_ROUNDS=n for another
// number. A ratio this close to 1 needs many: the plain page's own time per
// keystroke moves by a third from one round to the next.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
// How long each page stays open after its first visit (and its typing).
const STAY_MS = 3000;

/**
 * The plain page. Given the console's `bundle` (its stylesheets, in the order
 * its own page links them, its script and its WebAssembly), it first loads
 * them all and compiles the WebAssembly, running none of it, before drawing
 * its first rows: the least any page built on that bundle waits before its
 * own code can start.
 */
function plainPage(bundle) {
  const waits = bundle ? `const sheets = ${JSON.stringify(bundle.css)}.map((href) => new Promise((resolve) => {
    const css = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
    css.onload = resolve;
    document.head.append(css);
  }));
  const bundle = Promise.all([
    ...sheets,
    import('${bundle.script}'),
    WebAssembly.compileStreaming(fetch('${bundle.wasm}')),
  ]);` : 'const bundle = null;';
  // No preload of the WebAssembly: the script has already fetched it by
  // the time a hint at the end of the page is read, and a second request
  // would be made for the hint.
  const links = bundle ? `<link rel="modulepreload" href="${bundle.script}" crossorigin="anonymous">` : '';
  return `<!doctype html><meta charset="utf-8"><title>plain</title>
<input id="q" aria-label="search"><table><tbody id="rows"></tbody></table>
<script>
  ${waits}
  let names = [];
  const rows = document.getElementById('rows');
  function render() {
    const q = document.getElementById('q').value.trim().toLowerCase();
    const shown = [];
    for (const n of names) {
      if (n.toLowerCase().includes(q)) { shown.push(n); if (shown.length === 50) break; }
    }
    rows.innerHTML = shown.map((n) => '<tr class="row"><td>' + n + '</td></tr>').join('');
  }
  (async () => {
    for (let page = 1; ; page++) {
      const res = await fetch('/api/projects?page_size=100&page=' + page);
      const body = await res.json();
      names.push(...body.result.map((p) => p.name));
      if (page === 1) { await bundle; render(); }
      if (!body.has_next) break;
    }
    render();
    window.__ready = true;
  })();
  document.getElementById('q').addEventListener('input', render);
</script>
${links}`;
}

/** The stylesheets (in link order), script and WebAssembly the console's page `html` loads. */
function consoleBundle(html) {
  const href = (pattern) => {
    const found = html.match(pattern);
    if (!found) throw new Error(`the console's page names no ${pattern}`);
    return found[1];
  };
  const css = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((found) => found[1]);
  if (!css.length) throw new Error("the console's page names no stylesheet");
  return {
    css,
    // The script the page starts (it imports the chunk loader itself).
    script: href(/import init\b[^;]*? from '([^']+)'/),
    wasm: href(/<link rel="preload" href="([^"]+\.wasm)"/),
  };
}

const USER = 'bench@example.com';

/**
 * The headers of the console's page (the answer `res`), for the plain page
 * too: `Cross-Origin-Opener-Policy` alone puts a page in a new browsing
 * context group, which starts a new renderer process on every navigation
 * to it (tens of ms). Without them the ratio would measure that
 * policy rather than the pages. Left out: those that describe the body,
 * and those that name the console's own scripts and requests (its script
 * policy, and the preload hints of its first requests).
 */
function pageHeaders(res) {
  const own = /^(content-|etag$|last-modified$|date$|vary$|accept-ranges$|link$)/;
  return Object.fromEntries([...res.headers].filter(([name]) => !own.test(name)));
}

/** Signs the browser context in, as the sign-in page does. */
async function signIn(context) {
  const res = await context.request.post(`${BASE}/api/auth/login`, {
    headers: { 'x-console-request': '1' },
    data: { email: USER, password: PASSWORD },
  });
  if (res.status() !== 200) throw new Error(`signing in failed: ${res.status()}`);
}

/** Main-thread task time so far, in ms, from the DevTools protocol. */
async function taskTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}

async function measure(page, { url, rowSelector, input, ready, switchProjects }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // The page itself notes when its first rows are in the document, with
  // every stylesheet it links loaded (a page is not painted before them),
  // on its own clock (0 = navigation start): the test driver's overhead
  // stays out. The driver then awaits the page's own promise of that time:
  // its waitForFunction would first put its whole selector engine into the
  // page, a script of 15-25 ms that could land in the middle of the start.
  await page.addInitScript((sel) => {
    window.__rowsAt = new Promise((resolve) => { window.__rowsSeen = resolve; });
    new MutationObserver((_, observer) => {
      if (!document.querySelector(sel)) return;
      observer.disconnect();
      const loading = [...document.querySelectorAll('link[rel=stylesheet]')].filter((link) => !link.sheet);
      Promise.all(loading.map((link) => new Promise((resolve) => {
        link.addEventListener('load', resolve);
        link.addEventListener('error', resolve);
      }))).then(() => { window.__rowsSeen(performance.now()); });
    }).observe(document, { subtree: true, childList: true });
  }, rowSelector);
  await page.goto(url);
  const startup = await page.evaluate(() => window.__rowsAt);
  if (ready) await page.waitForFunction(ready);
  const typed = input ? await typeQuery(page, cdp, rowSelector, input) : null;
  await cdp.detach();
  // A person stays on the page for more than a moment, and that matters to
  // their next visit: Chromium keeps a page's compiled WebAssembly once no
  // new code has been compiled for it for two seconds. Leaving at the first
  // rows would measure a visitor nobody is.
  await page.waitForTimeout(STAY_MS);
  // A second visit: the assets come from the HTTP cache, and the
  // WebAssembly's compiled code from Chromium's code cache. Chromium keeps
  // compiled JavaScript for a script on its second load and uses it from
  // the third on, so a third visit is what a returning user sees.
  const visit = async () => {
    await page.goto('about:blank');
    await page.goto(url);
    return page.evaluate(() => window.__rowsAt);
  };
  const warmStartup = await visit();
  const hotStartup = await visit();
  const switching = switchProjects ? await switchProjects(page) : null;
  const lazyOpen = switchProjects ? await openLazyPage(page) : null;
  return {
    startup, warmStartup, hotStartup, ...typed, switching, lazyOpen,
  };
}

/**
 * Types the query into the search box `input` a key at a time. Returns the
 * mean main-thread time per key and the long tasks (> 50 ms) seen.
 */
async function typeQuery(page, cdp, rowSelector, input) {
  const perKey = [];
  await page.evaluate(() => {
    window.__long = 0;
    new PerformanceObserver((list) => { window.__long += list.getEntries().length; })
      .observe({ type: 'longtask', buffered: false });
  });
  // Keys go to the focused box straight through the DevTools protocol: a
  // locator would search the whole document for the box on every key, a
  // cost of the test driver that grows with the page's size.
  await page.focus(input);
  for (const [i, ch] of [...QUERY].entries()) {
    const before = await taskTime(cdp);
    await page.keyboard.press(ch === '-' ? 'Minus' : ch);
    // Wait until the rows reflect the new text, then for the page to go
    // idle, in one call: each call of the driver is a task of the page's
    // own (about 0.7 ms here), charged to both pages alike. The wait
    // watches DOM mutations rather than polling on every frame, so that a
    // page waiting on the network is not charged for the polling.
    await page.evaluate(([sel, box]) => new Promise((resolve) => {
      const settle = () => requestAnimationFrame(() => setTimeout(resolve, 0));
      const q = document.querySelector(box).value.toLowerCase();
      const done = () => {
        const rows = [...document.querySelectorAll(sel)];
        return rows.length > 0 && rows.every((r) => r.textContent.toLowerCase().includes(q));
      };
      if (done()) return settle();
      const observer = new MutationObserver(() => {
        if (done()) { observer.disconnect(); settle(); }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    }), [rowSelector, input]);
    perKey.push((await taskTime(cdp)) - before);
    // A key that missed the box would have been measured as free.
    const typed = await page.evaluate((box) => document.querySelector(box).value, input);
    if (typed !== QUERY.slice(0, i + 1)) throw new Error(`the search box holds "${typed}"`);
  }
  const longTasks = await page.evaluate(() => window.__long);
  return { keystroke: perKey.reduce((a, b) => a + b, 0) / perKey.length, longTasks };
}

/**
 * Switches project as a person does, three times from the list by a click
 * and three times from a dashboard by Ctrl+K, waiting each time for the new
 * dashboard to be painted. Returns the long tasks (> 50 ms) seen, and the
 * longest main-thread task (from the Long Tasks API; 0 when none reached
 * 50 ms).
 */
async function switchProjects(page) {
  await page.evaluate(() => {
    window.__switchLong = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__switchLong.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });
  const painted = (name) => page.waitForFunction((n) => {
    const title = document.getElementById('dashboard-title');
    return title !== null && title.textContent === n;
  }, name).then(() => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))));
  for (let i = 0; i < 3; i++) {
    const link = page.locator('[data-testid=project-row] a').nth(i * 3);
    const name = await link.textContent();
    await link.click();
    await painted(name);
    await page.goBack();
    await page.locator('[data-testid=project-row] a').first().waitFor();
  }
  await page.locator('[data-testid=project-row] a').first().click();
  await page.locator('#dashboard-title').waitFor();
  for (const query of ['staging-eu', 'production-us', 'development-ap']) {
    await page.keyboard.press('Control+k');
    await page.keyboard.type(query);
    const option = page.locator('[data-testid=switcher-option]').nth(1);
    await option.waitFor();
    const name = (await option.locator('.switcher__name').textContent()).trim();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await painted(name);
  }
  const long = await page.evaluate(() => window.__switchLong);
  return { longTasks: long.length, longest: long.length ? Math.max(...long) : 0 };
}

/**
 * From a project's dashboard, opens its settings, whose code no visit has
 * fetched yet, by the sidebar link. Returns the long tasks (> 50 ms) seen
 * until the page shows, and whether the main area was ever left empty.
 */
async function openLazyPage(page) {
  await page.evaluate(() => {
    window.__lazyLong = 0;
    window.__blank = false;
    new PerformanceObserver((list) => { window.__lazyLong += list.getEntries().length; })
      .observe({ type: 'longtask', buffered: false });
    new MutationObserver(() => {
      const main = document.getElementById('main');
      if (!main || main.textContent.trim() === '') window.__blank = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // The page notes, on its own clock, when the click reached it and when
  // the settings' title is in the document.
  await page.evaluate(() => {
    window.__shown = new Promise((resolve) => {
      document.addEventListener('click', () => {
        const clicked = performance.now();
        new MutationObserver((_, observer) => {
          if (!document.getElementById('settings-title')) return;
          observer.disconnect();
          resolve(performance.now() - clicked);
        }).observe(document.body, { subtree: true, childList: true });
      }, { capture: true, once: true });
    });
  });
  await page.locator('.sidebar').getByRole('link', { name: 'Settings', exact: true }).click();
  const ms = await page.evaluate(() => window.__shown);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return page.evaluate((shown) => ({ longTasks: window.__lazyLong, blank: window.__blank, ms: shown }), ms);
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q + 0.5)];
const median = (xs) => quantile(xs, 0.5);

const size = bundleSize(process.env.BENCH_DIST ?? path.join(root, 'dist'));
console.log(`bundle (brotli): first load ${(size.firstBytes / 1000).toFixed(1)} KB (budget ${budget()} KB), `
  + `page chunks ${(size.chunkBytes / 1000).toFixed(1)} KB in ${size.chunks.length} files`);

const dir = mkdtempSync(path.join(tmpdir(), 'console-bench-'));
const database = path.join(dir, 'bench.sqlite3');
await addUser(database, USER, ['--name', 'Bench', '--organisation-admin']);
const server = await startServer({
  port: PORT, database, projects: PROJECTS, staticDir: process.env.BENCH_DIST ?? path.join(root, 'dist'),
});
const baselineServer = BASELINE
  ? await startServer({ port: PORT + 1, database, projects: PROJECTS, staticDir: BASELINE })
  : null;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const consolePage = await fetch(`${BASE}/projects`);
  const headers = pageHeaders(consolePage);
  const pages = { plain: plainPage(null), bundle: plainPage(consoleBundle(await consolePage.text())) };
  const results = { console: [], plain: [], bundle: [], baseline: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Each round measures the pages back to back, in turn first, so that
    // a ratio compares runs made in the same moments of the machine.
    const kinds = BASELINE ? ['plain', 'bundle', 'console', 'baseline'] : ['plain', 'bundle', 'console'];
    for (const kind of round % 2 ? kinds.reverse() : kinds) {
      const context = await browser.newContext();
      await signIn(context);
      const page = await context.newPage();
      await throttle(page);
      await page.route(`${BASE}/__bench/${kind}.html`, (r) =>
        r.fulfill({ contentType: 'text/html', headers, body: pages[kind] }));
      const plain = { url: `${BASE}/__bench/${kind}.html`, rowSelector: 'tr.row', ready: () => window.__ready };
      const r = kind === 'console' || kind === 'baseline'
        ? await measure(page, {
          url: `${kind === 'console' ? BASE : BASELINE_BASE}/projects`, rowSelector: '[data-testid=project-row] th', input: '#project-search',
          // Like the plain page, type once the whole organisation is loaded.
          ready: () => document.querySelector('[data-answers=memory]') !== null,
          switchProjects,
        })
        // The bundle's page types as the plain one does: only its start counts.
        : await measure(page, { ...plain, input: kind === 'plain' ? '#q' : null });
      results[kind].push(r);
      await context.close();
    }
  }
  const pick = (kind, key) => median(results[kind].map((r) => r[key]));
  const line = (label, key, unit, kind = 'console', base = 'plain') => {
    const c = pick(kind, key);
    const p = pick(base, key);
    const ratios = results[kind].map((r, i) => r[key] / results[base][i][key]);
    console.log(`${label.padEnd(38)} ${kind.padEnd(7)} ${c.toFixed(1).padStart(6)} ${unit}  ${base.padEnd(7)} ${p.toFixed(1).padStart(6)} ${unit}  `
      + `ratio ${median(ratios).toFixed(2)} (middle half ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)})`);
  };
  console.log(`${PROJECTS} projects, ${ROUNDS} rounds, typing "${QUERY}"`
    + `${NETWORK ? `, network ${NETWORK[1]} Mbit/s with ${NETWORK[2]} ms round trips` : ''}; medians, and the median of each round's ratio:`);
  line('main-thread time per keystroke', 'keystroke', 'ms');
  line('navigation to first rows, first visit', 'startup', 'ms');
  line('navigation to first rows, second visit', 'warmStartup', 'ms');
  line('navigation to first rows, third visit', 'hotStartup', 'ms');
  console.log("the console's bundle alone: the plain page held until the console's stylesheets and script\n"
    + 'are loaded and its WebAssembly is compiled, none of it run (the least any page on this bundle waits):');
  line('navigation to first rows, first visit', 'startup', 'ms', 'bundle');
  line('navigation to first rows, second visit', 'warmStartup', 'ms', 'bundle');
  line('navigation to first rows, third visit', 'hotStartup', 'ms', 'bundle');
  console.log("the console's own start: the console against its bundle alone:");
  line('navigation to first rows, first visit', 'startup', 'ms', 'console', 'bundle');
  line('navigation to first rows, second visit', 'warmStartup', 'ms', 'console', 'bundle');
  line('navigation to first rows, third visit', 'hotStartup', 'ms', 'console', 'bundle');
  if (BASELINE) {
    console.log(`the console against the baseline build (${BASELINE}), measured in the same rounds:`);
    line('main-thread time per keystroke', 'keystroke', 'ms', 'console', 'baseline');
    line('navigation to first rows, first visit', 'startup', 'ms', 'console', 'baseline');
    line('navigation to first rows, second visit', 'warmStartup', 'ms', 'console', 'baseline');
    line('navigation to first rows, third visit', 'hotStartup', 'ms', 'console', 'baseline');
    line('baseline: first rows, first visit', 'startup', 'ms', 'baseline', 'plain');
  }
  const long = Math.max(...results.console.map((r) => r.longTasks));
  console.log(`long tasks (> 50 ms) while typing: console ${long}, plain ${Math.max(...results.plain.map((r) => r.longTasks))}`);
  const switches = results.console.map((r) => r.switching);
  console.log(`switching project (${switches.length * 6} switches, by click and by Ctrl+K): `
    + `${switches.reduce((n, s) => n + s.longTasks, 0)} long tasks (> 50 ms)`
    + `${switches.some((s) => s.longTasks) ? `, longest ${Math.max(...switches.map((s) => s.longest)).toFixed(0)} ms` : ''}`);
  const opens = results.console.map((r) => r.lazyOpen);
  console.log(`opening a page whose code is not loaded yet (${opens.length} times): `
    + `shown in ${median(opens.map((o) => o.ms)).toFixed(0)} ms (median, from the click)`
    + `${BASELINE ? `, ratio to the baseline ${median(opens.map((o, i) => o.ms / results.baseline[i].lazyOpen.ms)).toFixed(2)}` : ''}; `
    + `${opens.reduce((n, o) => n + o.longTasks, 0)} long tasks (> 50 ms), `
    + `${opens.filter((o) => o.blank).length} with an empty main area`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  baselineServer?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
