/**
 * `opsight serve` as a child process, so that a crash is seen as the child exiting (with its code,
 * signal and last output lines) instead of taking the fuzzer down; restarted after every crash.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ChildExit {
  code: number | null;
  signal: string | null;
  at: number;
  /** The last lines the child wrote (stderr and stdout, interleaved as received). */
  lastLines: string[];
}

export interface ChildServerOptions {
  /** The `opsight` CLI entry (dist/cli/main.js of the same build). */
  main: string;
  dataDir: string;
  httpPort: number;
  syslogPort: number;
  /** Each error-level log line, as "Type: message" (5xx causes are only in the log). */
  onErrorLog(signature: string): void;
  /** An exit nobody asked for; the child is being restarted when this is called. */
  onCrash(exit: ChildExit): void;
  /** The child answers /healthz again after a restart. */
  onUp(): void;
}

const KEPT_LINES = 40;
const LINE_CHARS = 2000;
const READY_MS = 30_000;
const RESTARTS = 3;

/** An ingest-role token created in `dataDir` before the server starts (the CLI prints it alone on its last line). */
export function createIngestToken(main: string, dataDir: string): string {
  const output = execFileSync(process.execPath, [main, 'token', 'create', '--role', 'ingest', '--name', 'bench-fuzz', '--data-dir', dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return output.trim().split('\n').pop() ?? '';
}

/** The environment without the caller's OPSIGHT_* settings (a config file or store URL must not leak into the run). */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OPSIGHT_')));
  return { ...env, OPSIGHT_LOG_LEVEL: 'error' };
}

function signatureOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string; message?: string } };
    if ((entry.level ?? 0) < 50) return undefined;
    return entry.err === undefined ? (entry.msg ?? 'error') : `${entry.err.type ?? 'Error'}: ${(entry.err.message ?? '').slice(0, 200)}`;
  } catch {
    return undefined;
  }
}

export class ChildServer {
  readonly url: string;
  /** Bumped on every start: a request sent in one generation and failed in another was lost to a crash. */
  generation = 0;
  private child: ChildProcess | undefined;
  /** The child once it answered /healthz: only its exit is a crash (one dying during start-up is retried). */
  private serving: ChildProcess | undefined;
  private lines: string[] = [];
  private stopping = false;
  private up: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChildServerOptions) {
    this.url = `http://127.0.0.1:${options.httpPort}`;
  }

  get pid(): number | undefined {
    return this.alive ? this.child?.pid : undefined;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the child answers /healthz; rejects when it could not be (re)started. */
  whenUp(): Promise<void> {
    return this.up;
  }

  start(): Promise<void> {
    this.up = this.startWithRetries();
    return this.up;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child === undefined || !this.alive) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }

  private async startWithRetries(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.spawnOnce();
      } catch (error) {
        if (attempt >= RESTARTS) throw new Error(`opsight serve could not be started ${RESTARTS} times: ${(error as Error).message}\n${this.lines.join('\n')}`);
      }
    }
  }

  private async spawnOnce(): Promise<void> {
    const { main, dataDir, httpPort, syslogPort } = this.options;
    const child = spawn(process.execPath, [main, 'serve', '--data-dir', dataDir, '--port', String(httpPort), '--host', '127.0.0.1',
      '--syslog-port', String(syslogPort), '--otlp-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    this.child = child;
    this.generation++;
    this.collect(child);
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    await this.waitHealthy(child);
    this.serving = child;
  }

  private collect(child: ChildProcess): void {
    let partial = '';
    const onData = (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) this.line(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  private line(line: string): void {
    if (line.trim() === '' || line.includes('admin token')) return;
    this.lines.push(line.slice(0, LINE_CHARS));
    if (this.lines.length > KEPT_LINES) this.lines.shift();
    const signature = signatureOf(line);
    if (signature !== undefined) this.options.onErrorLog(signature);
  }

  private exited(child: ChildProcess, code: number | null, signal: string | null): void {
    if (this.stopping || child !== this.serving) return;
    const lastLines = [...this.lines];
    this.lines = [];
    this.up = this.startWithRetries().then(() => this.options.onUp());
    // A failed restart surfaces through whenUp(); this keeps it from being an unhandled rejection meanwhile.
    this.up.catch(() => undefined);
    this.options.onCrash({ code, signal, at: Date.now(), lastLines });
  }

  private async waitHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`opsight serve exited with ${child.exitCode ?? child.signalCode} before it was ready`);
      const status = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0);
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`opsight serve did not answer /healthz within ${READY_MS / 1000} s`);
  }
}
