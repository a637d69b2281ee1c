/** Test support: `opsight serve` as a real process, read from its output as a user would. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** The CLI entry of this build. */
export const cliMain = new URL('./main.js', import.meta.url).pathname;

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** The admin token it printed, on a first start. */
  token: string | undefined;
  /** What it wrote to stdout and stderr until it listened. */
  output: string;
}

/** `opsight serve` ended before it listened. */
export class ServeExited extends Error {
  constructor(readonly code: number | null, readonly output: string) {
    super(`opsight serve exited with ${code} before it listened:\n${output}`);
  }
}

/** Starts `opsight serve` on loopback with `args` after the defaults (free API port, no OTLP or syslog port); resolves once it listens. */
export function serveProcess(dataDir: string, args: readonly string[] = []): Promise<ServeProcess> {
  const defaults = ['--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--syslog-port', '0', '--otlp-port', '0'];
  const child = spawn(process.execPath, [cliMain, 'serve', ...defaults, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    // 'close', not 'exit': by then everything it wrote has been read.
    const exited = (code: number | null) => reject(new ServeExited(code, output));
    child.once('close', exited);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:[^"]+)"/.exec(output)?.[1];
      if (url === undefined || !output.includes('opsight listening')) return;
      child.off('close', exited);
      resolve({ child, url, token: /admin token \(shown once\): (\S+)/.exec(output)?.[1], output });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
}

export async function stopProcess(served: ServeProcess, signal: NodeJS.Signals): Promise<void> {
  if (served.child.exitCode !== null || served.child.signalCode !== null) return;
  const exited = once(served.child, 'exit');
  served.child.kill(signal);
  await exited;
}
