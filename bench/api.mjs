// Benchmark of the projects list endpoint under load.
//
// Starts the API server on a fresh database with 10,000 generated projects,
// and sends each request below from 32 concurrent clients for a few
// seconds, as an organisation admin and as a member of a few projects (who
// sees the rest locked). Prints requests per second and latency
// percentiles, and the ratio of each median to that of `GET /api/auth/me`
// (the cheapest signed-in request: the session lookup alone) measured in
// the same run. A ratio near 1 means listing costs no more than being
// signed in. One write is measured too, the exchange of an API token's
// secret for an access token (a transaction that writes a pair), whose
// cost is mostly the database's sync to disk. The load generator runs on
// the same cores as the server, so absolute figures are only comparable
// within one run.
//
// Run with `make bench` (after `make test` or `make run` has built the
// server).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, processUse, signIn, startServer } from './server.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 8096);
const BASE = `http://127.0.0.1:${PORT}`;
const PROJECTS = 10_000;
const CLIENTS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** The server's CPU time so far, in ms (Linux; null elsewhere). */
const serverCpuMs = () => processUse(server.pid)?.cpu ?? null;

/**
 * Sends `path` from CLIENTS concurrent loops for SECONDS: requests per
 * second, latency percentiles in ms, and the server's CPU time per request.
 */
async function load(path, cookie, seconds = SECONDS, init = {}) {
  const cpuBefore = serverCpuMs();
  const latencies = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < end) {
      const start = performance.now();
      const res = await fetch(BASE + path, { ...init, headers: { cookie, ...init.headers } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      latencies.push(performance.now() - start);
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
  const cpuAfter = serverCpuMs();
  const cpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / latencies.length;
  return { rps: latencies.length / elapsed, p50: at(0.5), p95: at(0.95), cpu };
}

const dir = mkdtempSync(path.join(tmpdir(), 'console-bench-api-'));
const database = path.join(dir, 'bench.sqlite3');
await addUser(database, 'bench-admin@example.com', ['--name', 'Bench Admin', '--organisation-admin']);
const server = await startServer({ port: PORT, database, projects: PROJECTS });
try {
  const admin = await signIn(BASE, 'bench-admin@example.com');
  const some = await (await fetch(`${BASE}/api/projects?page_size=20&sort=created_at`, { headers: { cookie: admin } })).json();
  await addUser(database, 'bench-member@example.com', ['--name', 'Bench Member',
    ...some.result.flatMap((p) => ['--role', `${p.id}=read_only`])]);
  const member = await signIn(BASE, 'bench-member@example.com');

  const cases = [
    ['first page, by name', '/api/projects?page=1&page_size=50&sort=name&sort_dir=asc', admin],
    ['search "staging-eu"', '/api/projects?page=1&page_size=50&partial_name=staging-eu', admin],
    ['page 100, newest first', '/api/projects?page=100&page_size=100&sort=created_at&sort_dir=desc', admin],
    ['member: first page', '/api/projects?page=1&page_size=50', member],
    // Going down by region, the member's projects come first, then the
    // locked ones (their region hidden) by name.
    ['member: by region, down', '/api/projects?page=1&page_size=50&sort=region&sort_dir=desc', member],
  ];
  // A short warm-up, so that the baseline is not the one run on a cold
  // server and client.
  await load('/api/auth/me', admin, 1);
  const baseline = await load('/api/auth/me', admin);
  console.log(`${PROJECTS} projects, ${CLIENTS} concurrent clients, ${SECONDS} s each:`);
  const line = (label, r) => console.log(
    `${label.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  `
    + `p50 ratio ${(r.p50 / baseline.p50).toFixed(2)}`
    + (r.cpu === null ? '' : `  server CPU ${r.cpu.toFixed(2)} ms/request (ratio ${(r.cpu / baseline.cpu).toFixed(2)})`));
  line('baseline: /api/auth/me', baseline);
  for (const [label, url, cookie] of cases) line(label, await load(url, cookie));
  const created = await (await fetch(`${BASE}/api/projects/${some.result[0].id}/client-credentials`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json', 'x-console-request': '1' },
    body: JSON.stringify({ description: 'bench', role_ids: ['read_only'] }),
  })).json();
  line('write: token exchange', await load('/api/auth/access-token', '', SECONDS, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: created.client_id, secret: created.secret }),
  }));
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
