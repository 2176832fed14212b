// Benchmark of the storage engines: the projects list and API token
// creation under 32 concurrent clients, on one server instance with SQLite,
// one with PostgreSQL, and two with PostgreSQL sharing one database (the
// clients spread over both, as a load balancer would). Each figure is
// printed with its ratio to the SQLite instance's, measured in the same
// run: the load generator shares the machine's cores with the servers and
// the database, so only ratios within one run compare.
//
// Needs a PostgreSQL server given by the PG* variables: run it with
// `make bench-engines`, which starts a throwaway cluster for it.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, SERVER, signIn } from './server.mjs';

const PROJECTS = 10_000;
const CLIENTS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const FIRST_PORT = Number(process.env.BENCH_PORT ?? 8110);

for (const name of ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: run this with \`make bench-engines\` (a throwaway PostgreSQL cluster)`);
    process.exit(2);
  }
}
const { PGHOST, PGPORT, PGUSER, PGPASSWORD } = process.env;

/** A new, empty PostgreSQL database; its URL. */
function postgresDatabase(name) {
  const made = spawnSync('psql', ['-d', 'postgres', '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error(`creating the database ${name} failed`);
  return `postgres://${encodeURIComponent(PGUSER)}:${encodeURIComponent(PGPASSWORD)}@${PGHOST}:${PGPORT}/${name}`;
}

/** Starts an instance on `database`; resolves once it answers. */
async function start(port, database, projects) {
  const server = spawn(SERVER, ['--listen', `127.0.0.1:${port}`, '--database', database,
    '--generate-projects', String(projects)], { stdio: 'ignore' });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the instance on ${port} did not start`);
}

/**
 * Sends `request(base)` from CLIENTS loops for SECONDS, client i through
 * bases[i % bases.length]: requests per second and latency percentiles.
 */
async function load(bases, request, expected) {
  const latencies = [];
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
    const base = bases[i % bases.length];
    while (performance.now() < end) {
      const t = performance.now();
      const [url, init] = request(base);
      const res = await fetch(url, init);
      await res.arrayBuffer();
      if (res.status !== expected) throw new Error(`${url}: ${res.status}`);
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
  return { rps: latencies.length / elapsed, p50: at(0.5), p95: at(0.95) };
}

/** Runs the two measures on `bases`, all serving one database. */
async function measure(bases) {
  const cookie = await signIn(bases[0], 'bench-admin@example.com');
  const page = await (await fetch(`${bases[0]}/api/projects?page_size=1&sort=created_at`, { headers: { cookie } })).json();
  const project = page.result[0].id;
  const list = (base) => [`${base}/api/projects?page=1&page_size=50&sort=name&sort_dir=asc`, { headers: { cookie } }];
  let n = 0;
  const create = (base) => [`${base}/api/projects/${project}/client-credentials`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-console-request': '1' },
    body: JSON.stringify({ description: `bench ${++n}`, role_ids: ['read_only'] }),
  }];
  // A short warm-up of each instance's catalog and connections.
  for (const base of bases) await fetch(...list(base));
  return { list: await load(bases, list, 200), create: await load(bases, create, 201) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'console-bench-engines-'));
const running = [];
const setups = [];
try {
  let port = FIRST_PORT;
  const run = async (label, database, instances) => {
    await addUser(database, 'bench-admin@example.com', ['--name', 'Bench Admin', '--organisation-admin']);
    const bases = [];
    for (let i = 0; i < instances; i++) {
      // The first instance generates the projects; the others find them.
      running.push(await start(port, database, i === 0 ? PROJECTS : 0));
      bases.push(`http://127.0.0.1:${port++}`);
    }
    setups.push({ label, ...(await measure(bases)) });
    for (const server of running.splice(0)) server.kill('SIGTERM');
  };
  await run('SQLite, one instance', path.join(dir, 'bench.sqlite3'), 1);
  await run('PostgreSQL, one instance', postgresDatabase(`bench_one_${process.pid}`), 1);
  await run('PostgreSQL, two instances', postgresDatabase(`bench_two_${process.pid}`), 2);

  const [base] = setups;
  console.log(`${PROJECTS} projects, ${CLIENTS} concurrent clients, ${SECONDS} s each; ratios to SQLite, one instance`);
  for (const what of ['list', 'create']) {
    console.log(what === 'list' ? '\nGET /api/projects (first page of 50, by name)' : '\nPOST /api/projects/{id}/client-credentials (creates a token)');
    for (const s of setups) {
      const r = s[what];
      const b = base[what];
      console.log(`  ${s.label.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} req/s (×${(r.rps / b.rps).toFixed(2)})`
        + `  p50 ${r.p50.toFixed(1).padStart(6)} ms (×${(r.p50 / b.p50).toFixed(2)})`
        + `  p95 ${r.p95.toFixed(1).padStart(6)} ms (×${(r.p95 / b.p95).toFixed(2)})`);
    }
  }
} finally {
  for (const server of running) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

