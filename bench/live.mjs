// Benchmark of live updates: 500 open event streams on one server.
//
// Starts the API server on a fresh database and opens STREAMS streams of
// `GET /api/events` (organisation admins, 8 streams each, the most one
// user may hold). Prints:
// - the server's memory (resident set) and CPU time per idle stream, from
//   an idle stretch long enough to include the streams' heartbeats,
//   against the same stretch with no stream open;
// - the time from a change (a project renamed) to its delivery on every
//   stream, with 500 streams open and, as the baseline of the same run,
//   with one: the ratio says what the load costs a delivery.
// The load generator runs on the same cores as the server, so absolute
// figures are only comparable within one run.
//
// Run with `make bench-live` (it builds the release server first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, processUse, signIn, startServer } from './server.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8097);
const BASE = `http://127.0.0.1:${PORT}`;
const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const PER_USER = 8;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 32);
const CHANGES = 20;

// Sign-ins hash passwords with 19 MiB each: with glibc's adaptive
// threshold those buffers would stay in the heap and swamp the streams'
// own memory. A fixed threshold gives them back at once.
process.env.MALLOC_MMAP_THRESHOLD_ = '131072';

const dir = mkdtempSync(path.join(tmpdir(), 'console-bench-live-'));
const database = path.join(dir, 'bench.sqlite3');
const users = Math.ceil(STREAMS / PER_USER);
for (let i = 0; i < users; i++) {
  await addUser(database, `watcher-${i}@example.com`, ['--name', `Watcher ${i}`, '--organisation-admin']);
}
const server = await startServer({ port: PORT, database, projects: 10 });

/** The server's resident memory in KiB and CPU time in ms (Linux). */
function serverUse() {
  const use = processUse(server.pid);
  if (!use) throw new Error('this benchmark reads the server\'s use from /proc (Linux)');
  return use;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens a stream; calls `onData(now)` for every event with data. */
async function openStream(cookie, onData) {
  const controller = new AbortController();
  const res = await fetch(`${BASE}/api/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`a stream was refused: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.split('\n').some((l) => l.startsWith('data: '))) onData(performance.now());
        }
      }
    } catch {}
  })();
  return () => controller.abort();
}

const cookies = [];
for (let i = 0; i < users; i++) cookies.push(await signIn(BASE, `watcher-${i}@example.com`));
const admin = cookies[0];
const project = (await (await fetch(`${BASE}/api/projects?page_size=1&state=AVAILABLE`, { headers: { cookie: admin } })).json()).result[0].id;

/** Renames the project CHANGES times; per change, the delays (ms) until each stream had it. */
async function changes(streams, label) {
  const delays = [];
  for (let k = 0; k < CHANGES; k++) {
    const arrived = streams.map((s) => s.seen.length);
    const sent = performance.now();
    const res = await fetch(`${BASE}/api/projects/${project}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json', 'x-console-request': '1' },
      body: JSON.stringify({ name: `Bench-Live-${label}-${k}` }),
    });
    if (res.status !== 200) throw new Error(`renaming failed: ${res.status} ${await res.text()}`);
    for (let wait = 0; streams.some((s, i) => s.seen.length === arrived[i]); wait++) {
      if (wait > 500) throw new Error('a change was not delivered within 10 s');
      await sleep(20);
    }
    for (const [i, s] of streams.entries()) delays.push(s.seen[arrived[i]] - sent);
    // A random pause, so that changes do not fall in step with the
    // outbox's reads.
    await sleep(200 + Math.random() * 400);
  }
  return delays.sort((a, b) => a - b);
}

async function open(count) {
  const streams = [];
  for (let i = 0; i < count; i++) {
    const s = { seen: [] };
    s.close = await openStream(cookies[Math.floor(i / PER_USER)], (t) => s.seen.push(t));
    streams.push(s);
  }
  return streams;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const f = (n, d = 1) => n.toFixed(d);

// Idle with no stream, then with STREAMS.
await sleep(1000);
const quiet0 = serverUse();
await sleep(IDLE_SECONDS * 1000);
const quiet1 = serverUse();
const many = await open(STREAMS);
await sleep(2000);
const busy0 = serverUse();
await sleep(IDLE_SECONDS * 1000);
const busy1 = serverUse();

const loaded = await changes(many, 'many');
for (const s of many) s.close();
await sleep(1000);
const single = await open(1);
const baseline = await changes(single, 'one');
single[0].close();

const idleCpu = (quiet1.cpu - quiet0.cpu) / IDLE_SECONDS;
const streamsCpu = (busy1.cpu - busy0.cpu) / IDLE_SECONDS;
console.log(`live updates: ${STREAMS} streams (${users} users), idle ${IDLE_SECONDS} s, ${CHANGES} changes`);
console.log(`  memory: ${f(quiet1.rss / 1024)} MiB without streams, ${f(busy1.rss / 1024)} MiB with them: ` +
  `${f((busy1.rss - quiet1.rss) / STREAMS)} KiB per idle stream`);
console.log(`  CPU: ${f(idleCpu, 2)} ms/s without streams, ${f(streamsCpu, 2)} ms/s with them: ` +
  `${f(((streamsCpu - idleCpu) * 1000) / STREAMS, 2)} µs/s per idle stream`);
console.log(`  change to delivery, ${STREAMS} streams: median ${f(pct(loaded, 50))} ms, p95 ${f(pct(loaded, 95))} ms, ` +
  `max ${f(loaded[loaded.length - 1])} ms (${loaded.length} deliveries)`);
console.log(`  change to delivery, 1 stream:  median ${f(pct(baseline, 50))} ms, p95 ${f(pct(baseline, 95))} ms`);
console.log(`  ratio (median, ${STREAMS} streams / 1 stream): ${f(pct(loaded, 50) / pct(baseline, 50), 2)}`);

server.kill();
rmSync(dir, { recursive: true, force: true });
