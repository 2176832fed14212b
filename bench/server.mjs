// What both benchmarks need of the API server: the release binary, users
// added with its operator command, and a server started on a fresh database
// with generated projects.

import { spawn } from 'node:child_process';
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
