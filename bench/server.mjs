// What the benchmarks need of the API server: the release binary, users
// added with its operator command, a server started on a fresh database
// with generated projects, a session, and the server's memory and CPU time.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER = path.join(root, 'target/release/api-server');
/** Every benchmark user's password. */
export const PASSWORD = 'bench-password-1';

/** Adds or changes a user with the operator command; `args` as it takes them. */
export async function addUser(database, email, args) {
  const run = spawn(SERVER, ['--database', database, 'user', '--email', email, '--password-stdin', ...args],
    { stdio: ['pipe', 'ignore', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
  run.stdin.end(`${PASSWORD}\n`);
  const code = await new Promise((r) => run.once('exit', r));
  if (code !== 0) throw new Error(`the user command for ${email} failed (${code})`);
}

/**
 * Starts the server on `port` with `database` and `projects` generated
 * projects (and the console from `staticDir`, if given); resolves with the
 * process once it answers.
 */
export async function startServer({ port, database, projects, staticDir }) {
  const server = spawn(SERVER, ['--listen', `127.0.0.1:${port}`, '--database', database,
    '--generate-projects', String(projects), ...(staticDir ? ['--static-dir', staticDir] : [])],
  { stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('the server did not start');
}

/** Signs `email` in at `base`; resolves with the session cookie (`name=value`). */
export async function signIn(base, email) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-console-request': '1' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`signing in as ${email} failed: ${res.status}`);
  return res.headers.get('set-cookie').split(';')[0];
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The resident memory (KiB) and CPU time so far (ms) of process `pid`, from
 * /proc; null where there is none (not Linux).
 */
export function processUse(pid) {
  try {
    const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { rss, cpu: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}
