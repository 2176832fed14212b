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
 * A server of the test's own, on its own database and on a port the system
 * gives it (port 0 on the first start; the same port again on a restart).
 * The port is read from what this very child prints once it listens, so a
 * stale server on some port can never be mistaken for it.
 */
export class OwnServer {
  private child?: ChildProcess;
  private port = 0;
  readonly dbDir: string;

  constructor() {
    this.dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-e2e-own-'));
  }

  get url(): string {
    if (!this.port) throw new Error('the server has not started yet');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      SERVER_BIN,
      [
        '--listen', `127.0.0.1:${this.port}`,
        '--database', path.join(this.dbDir, 'db.sqlite3'),
        '--static-dir', DIST,
        '--seed-demo',
        // Lets a test move the simulated data plane's clock forward.
        '--test-clock',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    // Both pipes are read for as long as the child lives, or its writes
    // would block once a pipe is full; only the end of its log is kept.
    let log = '';
    child.stderr!.on('data', (chunk) => {
      log = (log + chunk).slice(-4000);
    });
    let printed = '';
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${log}`)), 20_000);
      child.stdout!.on('data', (chunk) => {
        printed = (printed + chunk).slice(-4000);
        const listening = printed.match(/Projects console: http:\/\/127\.0\.0\.1:(\d+)\//);
        if (listening) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before it listened:\n${log}`));
      });
    });
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
