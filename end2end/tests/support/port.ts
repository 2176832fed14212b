import { execFileSync } from 'node:child_process';

/**
 * The port of the shared end-to-end server: `E2E_PORT` if set, otherwise
 * one the system reports free. Playwright reads the config again in each
 * worker, so the port chosen first is handed down through the environment.
 */
process.env.E2E_PORT ??= execFileSync(process.execPath, [
  '-e',
  "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });",
])
  .toString()
  .trim();

export const PORT = Number(process.env.E2E_PORT);
