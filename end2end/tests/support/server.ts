import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The API server binary built by `cargo build -p api-server`; `E2E_SERVER_BIN`
 * names another (a build with its own `CARGO_TARGET_DIR`).
 */
export const SERVER_BIN =
  process.env.E2E_SERVER_BIN ?? path.resolve(__dirname, '../../../target/debug/api-server');
/** The console's release build from `trunk build --release`; `E2E_DIST` names another folder. */
export const DIST = process.env.E2E_DIST ?? path.resolve(__dirname, '../../../dist');

/** Chromium from Debian, kept off the network it cannot reach here. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A server of the test's own, on its own port and database, for tests that
 * stop and start it.
 */
export class OwnServer {
  private child?: ChildProcess;
  readonly dbDir: string;

  constructor(readonly port: number) {
    this.dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-e2e-own-'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      SERVER_BIN,
      [
        '--listen', `127.0.0.1:${this.port}`,
        '--database', path.join(this.dbDir, 'db.sqlite3'),
        '--static-dir', DIST,
        '--seed-demo',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.url}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server on port ${this.port} did not start`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dbDir, { recursive: true, force: true });
  }
}
