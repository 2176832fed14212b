import { PORT } from './tests/support/port';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, DIST, SERVER_BIN } from './tests/support/server';
import { ADMIN_STATE } from './tests/support/auth';
import * as os from 'node:os';
import * as path from 'node:path';

// The release build of the console, served by the real API server on a
// fresh database seeded with the demo organisation, on a free port.
const DB_DIR = path.join(os.tmpdir(), `console-e2e-${PORT}`);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    locale: 'en-US',
    timezoneId: 'UTC',
  },
  projects: [
    { name: 'sign-in', testMatch: /.*\.setup\.ts/ },
    {
      name: 'console',
      dependencies: ['sign-in'],
      testIgnore: /.*\.setup\.ts/,
      use: { storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    command:
      `rm -rf "${DB_DIR}" && exec "${SERVER_BIN}" --listen 127.0.0.1:${PORT} ` +
      `--database "${DB_DIR}/e2e.sqlite3" --static-dir "${DIST}" --seed-demo`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
