// Benchmark of the projects list with a 10,000-project organisation.
//
// Starts the API server on a fresh database with 10,000 generated projects,
// drives the release build of the console in headless Chromium, and compares
// it, in the same browser session, with a plain-JavaScript page that loads
// the same 10,000 names and filters them in memory. Prints ratios
// (console / plain): main-thread time per filter keystroke, time from
// navigation to the first rows (on a first visit, on a second one with the
// assets cached, and on a third, with the compiled code cached too), and
// any long task (> 50 ms) while typing.
//
// Run with `make bench` (after `make test` or `make run` has installed the
// tools and built the console). BENCH_DIST=<folder> measures another build
// of the console than dist/, e.g. to compare two builds run after run.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, PASSWORD, root, startServer } from './server.mjs';

const require = createRequire(path.join(root, 'end2end', 'package.json'));
const { chromium } = require('playwright-core');

const PORT = Number(process.env.BENCH_PORT ?? 8097);
const BASE = `http://127.0.0.1:${PORT}`;
const PROJECTS = 10_000;
const QUERY = 'staging-eu';
// Rounds of the two pages, one after the other; BENCH_ROUNDS=n for more.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

const PLAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>plain</title>
<input id="q" aria-label="search"><table><tbody id="rows"></tbody></table>
<script>
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
      if (page === 1) render();
      if (!body.has_next) break;
    }
    render();
    window.__ready = true;
  })();
  document.getElementById('q').addEventListener('input', render);
</script>`;

const USER = 'bench@example.com';

/**
 * The headers the server sends with the console's page, for the plain page
 * too: `Cross-Origin-Opener-Policy` alone puts a page in a new browsing
 * context group, which starts a new renderer process on every navigation
 * to it (tens of ms). Without them the ratio would measure that
 * policy rather than the pages. Left out: those that describe the body,
 * and those that name the console's own scripts and requests (its script
 * policy, and the preload hints of its first requests).
 */
async function pageHeaders() {
  const res = await fetch(`${BASE}/projects`);
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
  // The page itself notes when its first rows are in the document, on its
  // own clock (0 = navigation start): the test driver's overhead stays out.
  await page.addInitScript((sel) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(sel)) {
        window.__firstRows = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  }, rowSelector);
  await page.goto(url);
  await page.waitForFunction(() => window.__firstRows !== undefined);
  const startup = await page.evaluate(() => window.__firstRows);
  if (ready) await page.waitForFunction(ready);
  await page.evaluate(() => {
    window.__long = 0;
    new PerformanceObserver((list) => { window.__long += list.getEntries().length; })
      .observe({ type: 'longtask', buffered: false });
  });
  const perKey = [];
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
  await cdp.detach();
  // A second visit: the assets come from the HTTP cache. Chromium keeps
  // compiled JavaScript for a script on its second load and uses it from
  // the third on, so a third visit is what a returning user sees.
  const visit = async () => {
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForFunction(() => window.__firstRows !== undefined);
    return page.evaluate(() => window.__firstRows);
  };
  const warmStartup = await visit();
  const hotStartup = await visit();
  const switching = switchProjects ? await switchProjects(page) : null;
  return {
    startup, warmStartup, hotStartup, keystroke: perKey.reduce((a, b) => a + b, 0) / perKey.length, longTasks, switching,
  };
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

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q + 0.5)];
const median = (xs) => quantile(xs, 0.5);

const dir = mkdtempSync(path.join(tmpdir(), 'console-bench-'));
const database = path.join(dir, 'bench.sqlite3');
await addUser(database, USER, ['--name', 'Bench', '--organisation-admin']);
const server = await startServer({
  port: PORT, database, projects: PROJECTS, staticDir: process.env.BENCH_DIST ?? path.join(root, 'dist'),
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const headers = await pageHeaders();
  const results = { console: [], plain: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Each round measures both pages back to back, in turn first, so that
    // a ratio compares two runs made in the same moments of the machine.
    for (const kind of round % 2 ? ['console', 'plain'] : ['plain', 'console']) {
      const context = await browser.newContext();
      await signIn(context);
      const page = await context.newPage();
      await page.route(`${BASE}/__bench/plain.html`, (r) =>
        r.fulfill({ contentType: 'text/html', headers, body: PLAIN_PAGE }));
      const r = kind === 'plain'
        ? await measure(page, { url: `${BASE}/__bench/plain.html`, rowSelector: 'tr.row', input: '#q', ready: () => window.__ready })
        : await measure(page, {
          url: `${BASE}/projects`, rowSelector: '[data-testid=project-row] th', input: '#project-search',
          // Like the plain page, type once the whole organisation is loaded.
          ready: () => document.querySelector('[data-answers=memory]') !== null,
          switchProjects,
        });
      results[kind].push(r);
      await context.close();
    }
  }
  const pick = (kind, key) => median(results[kind].map((r) => r[key]));
  const line = (label, key, unit) => {
    const c = pick('console', key);
    const p = pick('plain', key);
    const ratios = results.console.map((r, i) => r[key] / results.plain[i][key]);
    console.log(`${label.padEnd(38)} console ${c.toFixed(1).padStart(6)} ${unit}  plain ${p.toFixed(1).padStart(6)} ${unit}  `
      + `ratio ${median(ratios).toFixed(2)} (middle half ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)})`);
  };
  console.log(`${PROJECTS} projects, ${ROUNDS} rounds, typing "${QUERY}"; medians, and the median of each round's ratio:`);
  line('main-thread time per keystroke', 'keystroke', 'ms');
  line('navigation to first rows, first visit', 'startup', 'ms');
  line('navigation to first rows, second visit', 'warmStartup', 'ms');
  line('navigation to first rows, third visit', 'hotStartup', 'ms');
  const long = Math.max(...results.console.map((r) => r.longTasks));
  console.log(`long tasks (> 50 ms) while typing: console ${long}, plain ${Math.max(...results.plain.map((r) => r.longTasks))}`);
  const switches = results.console.map((r) => r.switching);
  console.log(`switching project (${switches.length * 6} switches, by click and by Ctrl+K): `
    + `${switches.reduce((n, s) => n + s.longTasks, 0)} long tasks (> 50 ms)`
    + `${switches.some((s) => s.longTasks) ? `, longest ${Math.max(...switches.map((s) => s.longest)).toFixed(0)} ms` : ''}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
